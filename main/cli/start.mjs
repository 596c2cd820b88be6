/**
 * The CLI's entry (`npm run datadesk`). Plain JavaScript on purpose: Node strips TypeScript with a WebAssembly
 * module that takes ~40 ms to load, and an entry file is stripped before any of its code runs. With the compile
 * cache on first, later runs find the CLI's modules already compiled and never load it.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./index.ts');

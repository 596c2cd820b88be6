/**
 * The transfer worker's entry. Plain JavaScript on purpose: Node strips TypeScript with a WebAssembly module that
 * takes ~40 ms to load in every worker, and a worker's first file is stripped before any of its code runs. With
 * the compile cache on first, later starts find worker-main and its imports already compiled and never load it.
 * (The Electron build bundles this file with worker-main into `transfer-worker.js`.)
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./worker-main.ts');

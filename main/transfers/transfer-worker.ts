/**
 * The transfer worker's entry: keeps compiled modules between runs (a worker otherwise spends ~200 ms compiling
 * them on every start, which a short CLI command feels), then loads the worker itself.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import(import.meta.url.endsWith('.ts') ? './worker-main.ts' : './worker-main.js');

/** What every dataset operation works with, and a per-dataset lock that keeps S3 and SQLite writes in step. */
import type { Logger } from '../../main/core/index.ts';
import type { ServerConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { JobStore } from '../jobs/jobs.ts';
import type { Registry } from '../registry/registry.ts';
import type { DatasetStorage } from '../storage/storage.ts';

/** The services dataset operations share. */
export interface DatasetContext {
  database: Database;
  registry: Registry;
  storage: DatasetStorage;
  jobs: JobStore;
  config: ServerConfig;
  logger: Logger;
  locks: KeyedLock;
}

/** Runs work for one key at a time (two updates of one dataset never interleave their S3 and SQLite writes). */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** Unix seconds now. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

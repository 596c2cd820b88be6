/**
 * An append-only journal of JSON lines with group commit: concurrent appends are written together, in the
 * order they were made, and each caller learns when its line is on disk. A torn last line (crash mid-write)
 * is skipped when read back.
 */
import { open, readFile, rename, type FileHandle } from 'node:fs/promises';

/** One append-only journal file. */
export class Journal {
  private readonly path: string;
  private handle: FileHandle | undefined;
  private pending: { text: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing: Promise<void> | undefined;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.handle = handle;
  }

  /** Opens (creating if missing) the journal at `path` for appending. */
  static async open(path: string): Promise<Journal> {
    return new Journal(path, await open(path, 'a'));
  }

  /** Every complete entry in the journal at `path`, oldest first ([] when it does not exist). */
  static async read(path: string): Promise<unknown[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: unknown[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        entries.push(JSON.parse(line));
      } catch {
        // A line torn by a crash mid-append: everything before it is intact.
      }
    }
    return entries;
  }

  /** Replaces the journal at `path` atomically with exactly `entries`. */
  static async rewrite(path: string, entries: Iterable<unknown>): Promise<void> {
    const temporary = `${path}.rewrite`;
    const handle = await open(temporary, 'w');
    try {
      let batch = '';
      for (const entry of entries) {
        batch += JSON.stringify(entry) + '\n';
        if (batch.length > 1 << 20) {
          await handle.write(batch);
          batch = '';
        }
      }
      await handle.write(batch);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  }

  /** Appends one entry; resolves once it has been written. */
  append(entry: unknown): Promise<void> {
    const text = JSON.stringify(entry) + '\n';
    return new Promise((resolve, reject) => {
      this.pending.push({ text, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        if (!this.handle) throw new Error(`The journal ${this.path} is closed.`);
        await this.handle.appendFile(batch.map((item) => item.text).join(''));
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.writing = undefined;
  }

  /** Waits for pending appends, then closes the file. */
  async close(): Promise<void> {
    await this.writing;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}

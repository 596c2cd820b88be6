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
    const handle = await open(path, 'a+');
    const { size } = await handle.stat();
    if (size > 0) {
      // After a torn last line, the next entry must start on a line of its own.
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await handle.appendFile('\n');
    }
    return new Journal(path, handle);
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
    const lines = text.split('\n').filter((line) => line !== '');
    try {
      // One parse of the whole journal is several times faster than one parse per line.
      return JSON.parse(`[${lines.join(',')}]`) as unknown[];
    } catch {
      // A line torn by a crash mid-append: every complete line is still good.
      return lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as unknown];
        } catch {
          return [];
        }
      });
    }
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

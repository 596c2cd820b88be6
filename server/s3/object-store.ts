/**
 * Buckets and objects on local disk. Each bucket keeps an in-memory index rebuilt at start from its journal
 * (`buckets/<bucket>/journal.jsonl`); object bytes live in data files named by keys.ts, never by the key.
 * A write lands in `tmp/`, is renamed to a fresh data file, then journalled; only then does the key point at
 * it and the previous data file go. A cancelled or failed write therefore leaves the old object intact.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { BucketIndex, type ObjectRecord } from './bucket-index.ts';
import { S3Error, s3Errors } from './errors.ts';
import { Journal } from './journal.ts';
import { isObjectFileName, isValidBucketName, newObjectFileName, objectFilePath } from './keys.ts';

interface Bucket {
  name: string;
  created: number;
  index: BucketIndex;
  journal: Journal;
}

type JournalEntry = { put: ObjectRecord } | { delete: string };

/** Local buckets and objects under one data folder. */
export class ObjectStore {
  readonly dataDir: string;
  private readonly buckets = new Map<string, Bucket>();
  private readonly temporaryFiles = new Set<string>();
  /** Shard folders known to exist, so a write costs no mkdir. */
  private readonly shards = new Set<string>();
  private readonly startedAt = Date.now();
  private sweeping: Promise<void> | undefined;

  private constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /** Opens the store, loading every bucket's index; leftovers of a previous run are cleaned up. */
  static async open(dataDir: string): Promise<ObjectStore> {
    const store = new ObjectStore(dataDir);
    await rm(join(dataDir, 'tmp'), { recursive: true, force: true });
    await mkdir(join(dataDir, 'tmp'), { recursive: true });
    await mkdir(join(dataDir, 'buckets'), { recursive: true });
    for (const entry of await readdir(join(dataDir, 'buckets'), { withFileTypes: true })) {
      if (entry.isDirectory() && isValidBucketName(entry.name)) await store.loadBucket(entry.name);
    }
    store.sweeping = store.sweepOrphans().catch(() => undefined);
    return store;
  }

  private async loadBucket(name: string): Promise<void> {
    const folder = join(this.dataDir, 'buckets', name);
    const journalPath = join(folder, 'journal.jsonl');
    const entries = (await Journal.read(journalPath)) as JournalEntry[];
    const records = new Map<string, ObjectRecord>();
    for (const entry of entries) {
      if ('put' in entry && isObjectFileName(entry.put.file)) records.set(entry.put.key, entry.put);
      else if ('delete' in entry) records.delete(entry.delete);
    }
    const index = BucketIndex.from(records.values());
    if (entries.length > 2 * records.size + 100) {
      // Written in key order, so the next start sorts an already sorted list.
      await Journal.rewrite(
        journalPath,
        Array.from(index.all(), (record) => ({ put: record })),
      );
    }
    const created = (await stat(folder)).birthtimeMs || Date.now();
    const journal = await Journal.open(journalPath);
    this.buckets.set(name, { name, created, index, journal });
  }

  /** Removes data files no journal entry points at (left by a crash between rename and journal). */
  private async sweepOrphans(): Promise<void> {
    for (const bucket of this.buckets.values()) {
      const referenced = new Set<string>();
      for (const record of bucket.index.all()) referenced.add(record.file);
      const objects = join(this.dataDir, 'buckets', bucket.name, 'objects');
      for (const shard of await readdir(objects).catch(() => [] as string[])) {
        for (const file of await readdir(join(objects, shard)).catch(() => [] as string[])) {
          if (referenced.has(file) || !isObjectFileName(file)) continue;
          const path = join(objects, shard, file);
          // Files renamed into place after start belong to writes still being journalled.
          const info = await stat(path).catch(() => undefined);
          if (info && info.mtimeMs < this.startedAt) await unlink(path).catch(() => {});
        }
      }
    }
  }

  /** Bucket names, sorted. */
  bucketNames(): { name: string; created: number }[] {
    return [...this.buckets.values()]
      .map(({ name, created }) => ({ name, created }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** The bucket called `name`; NoSuchBucket if there is none. */
  private bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw s3Errors.noSuchBucket(name);
    return bucket;
  }

  /** Throws NoSuchBucket unless the bucket exists. */
  assertBucket(name: string): void {
    this.bucket(name);
  }

  /** Creates a bucket; false when it already existed. */
  async createBucket(name: string): Promise<boolean> {
    if (!isValidBucketName(name)) {
      throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
    }
    if (this.buckets.has(name)) return false;
    const folder = join(this.dataDir, 'buckets', name);
    await mkdir(join(folder, 'objects'), { recursive: true });
    if (this.buckets.has(name)) return false;
    const journal = await Journal.open(join(folder, 'journal.jsonl'));
    this.buckets.set(name, { name, created: Date.now(), index: new BucketIndex(), journal });
    return true;
  }

  /** Deletes an empty bucket. */
  async deleteBucket(name: string): Promise<void> {
    const bucket = this.bucket(name);
    if (bucket.index.size > 0) {
      throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty.', {
        BucketName: name,
      });
    }
    this.buckets.delete(name);
    await bucket.journal.close();
    const folder = join(this.dataDir, 'buckets', name);
    for (const shard of this.shards) if (shard.startsWith(folder + sep)) this.shards.delete(shard);
    await rm(folder, { recursive: true, force: true });
  }

  /** The record of an object, or undefined. */
  find(bucket: string, key: string): ObjectRecord | undefined {
    return this.bucket(bucket).index.get(key);
  }

  /** The record of an object; NoSuchKey if there is none. */
  get(bucket: string, key: string): ObjectRecord {
    const record = this.find(bucket, key);
    if (!record) throw s3Errors.noSuchKey(key);
    return record;
  }

  /** The bucket's index, for listing. */
  index(bucket: string): BucketIndex {
    return this.bucket(bucket).index;
  }

  /**
   * Opens the current data file of an object. A concurrent overwrite may remove the file between looking
   * up the record and opening it; the lookup is then repeated, so a reader always gets a whole version.
   */
  async openObject(bucket: string, key: string): Promise<{ record: ObjectRecord; handle: FileHandle }> {
    for (let attempt = 0; ; attempt++) {
      const record = this.get(bucket, key);
      try {
        return { record, handle: await open(objectFilePath(this.dataDir, bucket, record.file), 'r') };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw error;
      }
    }
  }

  /** A fresh temporary file path; pass it to commit or discard. */
  temporaryPath(): string {
    const path = join(this.dataDir, 'tmp', randomBytes(16).toString('hex'));
    this.temporaryFiles.add(path);
    return path;
  }

  /** Removes a temporary file that will not be committed. */
  async discard(path: string): Promise<void> {
    this.temporaryFiles.delete(path);
    await unlink(path).catch(() => {});
  }

  /**
   * Makes the bytes in `temporaryPath` the object `record.key`. `precondition` runs against the current
   * record right before the switch (conditional writes), so no other write can slip in between.
   */
  async commit(
    bucketName: string,
    record: Omit<ObjectRecord, 'file'>,
    temporaryPath: string,
    precondition?: (current: ObjectRecord | undefined) => void,
  ): Promise<ObjectRecord> {
    const bucket = this.bucket(bucketName);
    precondition?.(bucket.index.get(record.key));
    const file = newObjectFileName(record.key);
    const path = objectFilePath(this.dataDir, bucketName, file);
    const shard = join(path, '..');
    if (!this.shards.has(shard)) {
      await mkdir(shard, { recursive: true });
      this.shards.add(shard);
    }
    await rename(temporaryPath, path);
    this.temporaryFiles.delete(temporaryPath);
    const stored: ObjectRecord = { ...record, file };
    try {
      precondition?.(bucket.index.get(record.key));
    } catch (error) {
      await unlink(path).catch(() => {});
      throw error;
    }
    const previous = bucket.index.set(stored);
    await bucket.journal.append({ put: stored });
    if (previous) await this.removeDataFile(bucketName, previous.file);
    return stored;
  }

  /** Deletes an object; deleting a missing key succeeds, as in S3. */
  async delete(bucketName: string, key: string): Promise<void> {
    const bucket = this.bucket(bucketName);
    const previous = bucket.index.delete(key);
    if (!previous) return;
    await bucket.journal.append({ delete: key });
    await this.removeDataFile(bucketName, previous.file);
  }

  private async removeDataFile(bucket: string, file: string): Promise<void> {
    await unlink(objectFilePath(this.dataDir, bucket, file)).catch(() => {});
  }

  /** The data file of a record (for copying). */
  dataPath(bucket: string, record: ObjectRecord): string {
    return objectFilePath(this.dataDir, bucket, record.file);
  }

  /** Closes every journal and removes temporary files of writes still in flight. */
  async close(): Promise<void> {
    await this.sweeping;
    await Promise.all([...this.temporaryFiles].map((path) => this.discard(path)));
    await Promise.all([...this.buckets.values()].map((bucket) => bucket.journal.close()));
    this.buckets.clear();
  }
}

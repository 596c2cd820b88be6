/** The objects of one bucket in memory, kept in S3 listing order, and the listing algorithm over them. */
import type { StoredChecksum } from './checksums.ts';
import { compareKeys } from './keys.ts';

/** Everything known about one object; its bytes live in `file`. */
export interface ObjectRecord {
  key: string;
  size: number;
  /** MD5 hex, or `<md5 of part md5s>-<parts>` for multipart objects; quoted only on the wire. */
  etag: string;
  lastModified: number;
  /** Data file name (see keys.ts). */
  file: string;
  /** Content-Type, Content-Disposition, Content-Encoding, Content-Language, Cache-Control, Expires. */
  headers: Record<string, string>;
  /** User metadata, lower-case names without the `x-amz-meta-` prefix. */
  metadata: Record<string, string>;
  checksum?: StoredChecksum;
  parts?: number;
}

/** What one page of a listing holds. */
export interface ListingPage {
  objects: ObjectRecord[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts. */
  last: string | undefined;
}

/** What a listing asks for. */
export interface ListingRequest {
  prefix: string;
  delimiter: string;
  /** Return only entries after this key or common prefix. */
  after: string;
  maxKeys: number;
}

/** The objects of one bucket, in UTF-8 byte order. */
export class BucketIndex {
  private readonly records = new Map<string, ObjectRecord>();
  private keys: string[] = [];

  /** Builds an index from records in any order (later records for a key win). */
  static from(records: Iterable<ObjectRecord>): BucketIndex {
    const index = new BucketIndex();
    for (const record of records) index.records.set(record.key, record);
    const keys = [...index.records.keys()];
    // Without characters from U+D800 up, UTF-16 order is code point order and the native sort is exact.
    index.keys = keys.some((key) => /[\ud800-\uffff]/.test(key)) ? keys.sort(compareKeys) : keys.sort();
    return index;
  }

  get size(): number {
    return this.records.size;
  }

  get(key: string): ObjectRecord | undefined {
    return this.records.get(key);
  }

  /** Every record, in key order. */
  *all(): Generator<ObjectRecord> {
    for (const key of this.keys) {
      const record = this.records.get(key);
      if (record) yield record;
    }
  }

  /** Stores `record`; returns the record it replaced. */
  set(record: ObjectRecord): ObjectRecord | undefined {
    const previous = this.records.get(record.key);
    this.records.set(record.key, record);
    if (!previous) this.keys.splice(this.lowerBound(record.key), 0, record.key);
    return previous;
  }

  /** Removes the record for `key`; returns it. */
  delete(key: string): ObjectRecord | undefined {
    const previous = this.records.get(key);
    if (!previous) return undefined;
    this.records.delete(key);
    this.keys.splice(this.lowerBound(key), 1);
    return previous;
  }

  /** One page of a ListObjects(V2) listing. */
  list(request: ListingRequest): ListingPage {
    const { prefix, delimiter, after, maxKeys } = request;
    const page: ListingPage = { objects: [], commonPrefixes: [], isTruncated: false, last: undefined };
    let index = this.lowerBound(compareKeys(after, prefix) > 0 ? after : prefix);
    if (this.keys[index] === after) index++;
    while (index < this.keys.length) {
      const key = this.keys[index]!;
      if (!key.startsWith(prefix)) break;
      const split = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
      const commonPrefix = split === -1 ? undefined : key.slice(0, split + delimiter.length);
      if (commonPrefix !== undefined && commonPrefix === after) {
        index = this.endOfPrefix(commonPrefix);
        continue;
      }
      if (page.objects.length + page.commonPrefixes.length >= maxKeys) {
        page.isTruncated = true;
        break;
      }
      if (commonPrefix !== undefined) {
        page.commonPrefixes.push(commonPrefix);
        page.last = commonPrefix;
        index = this.endOfPrefix(commonPrefix);
      } else {
        page.objects.push(this.records.get(key)!);
        page.last = key;
        index++;
      }
    }
    return page;
  }

  /** The first position whose key is not before `key`. */
  private lowerBound(key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareKeys(this.keys[middle]!, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first position after every key that starts with `prefix` (they are contiguous in key order). */
  private endOfPrefix(prefix: string): number {
    let low = this.lowerBound(prefix);
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle]!.startsWith(prefix)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

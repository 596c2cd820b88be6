/** Transfer rates over a sliding window and an ETA that stays honest with many small files. */

const bucketMs = 250;
const windowBuckets = 40;

/** Bytes and files completed over the last ~10 seconds. */
export class RateMeter {
  private readonly bytes = new Float64Array(windowBuckets);
  private readonly files = new Float64Array(windowBuckets);
  private currentBucket = -1;
  private firstBucket = -1;
  private readonly now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.now = now;
  }

  /** Adds bytes moved (negative after a failed attempt) and files finished. */
  add(bytes: number, files = 0): void {
    const bucket = this.advance();
    const slot = bucket % windowBuckets;
    this.bytes[slot] = this.bytes[slot]! + bytes;
    this.files[slot] = this.files[slot]! + files;
  }

  /** Bytes and files per second over the window (or since the first sample, when that is shorter). */
  rates(): { bytesPerSecond: number; filesPerSecond: number } {
    const bucket = this.advance();
    if (this.firstBucket < 0) return { bytesPerSecond: 0, filesPerSecond: 0 };
    const spanBuckets = Math.min(windowBuckets, bucket - this.firstBucket + 1);
    // Less than a second of history says little; report nothing rather than a wild guess.
    if (spanBuckets * bucketMs < 1000) return { bytesPerSecond: 0, filesPerSecond: 0 };
    let bytes = 0;
    let files = 0;
    for (let index = 0; index < windowBuckets; index++) {
      bytes += this.bytes[index]!;
      files += this.files[index]!;
    }
    const seconds = (spanBuckets * bucketMs) / 1000;
    return { bytesPerSecond: Math.max(0, bytes / seconds), filesPerSecond: Math.max(0, files / seconds) };
  }

  reset(): void {
    this.bytes.fill(0);
    this.files.fill(0);
    this.currentBucket = -1;
    this.firstBucket = -1;
  }

  private advance(): number {
    const bucket = Math.floor(this.now() / bucketMs);
    if (this.firstBucket < 0) this.firstBucket = bucket;
    if (this.currentBucket >= 0) {
      // Clear the buckets skipped since the last sample.
      const steps = Math.min(windowBuckets, bucket - this.currentBucket);
      for (let step = 1; step <= steps; step++) {
        const slot = (this.currentBucket + step) % windowBuckets;
        this.bytes[slot] = 0;
        this.files[slot] = 0;
      }
    }
    this.currentBucket = bucket;
    return bucket;
  }
}

/**
 * Seconds left: whichever is slower of "remaining bytes at the byte rate" and "remaining files at the file
 * rate", so thousands of small files are not promised at the speed of one big one. Null while unknown.
 */
export function estimateSeconds(
  remaining: { bytes: number; files: number },
  rates: { bytesPerSecond: number; filesPerSecond: number },
): number | null {
  if (remaining.bytes <= 0 && remaining.files <= 0) return 0;
  const byBytes =
    remaining.bytes > 0 ? (rates.bytesPerSecond > 0 ? remaining.bytes / rates.bytesPerSecond : null) : 0;
  const byFiles = rates.filesPerSecond > 0 ? remaining.files / rates.filesPerSecond : null;
  if (byBytes === null) return null;
  return Math.ceil(Math.max(byBytes, byFiles ?? 0));
}

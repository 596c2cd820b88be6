/** Test data for the transfer benchmarks: written once, pseudo-random where it matters, removed afterwards. */
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** One file of `bytes` pseudo-random bytes. */
export function writeRandomFileSync(path: string, bytes: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const chunk = Buffer.allocUnsafe(64 * 1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes;) {
      const length = Math.min(chunk.length, bytes - written);
      randomFillSync(chunk, 0, length);
      writeSync(fd, chunk, 0, length);
      written += length;
    }
  } finally {
    closeSync(fd);
  }
}

/** `count` files of `size` bytes in folders of 500, each different. */
export function writeSmallFilesSync(folder: string, count: number, size: number): void {
  const body = randomFillSync(Buffer.allocUnsafe(size));
  for (let index = 0; index < count; index++) {
    const directory = join(folder, `d${Math.floor(index / 500)}`);
    if (index % 500 === 0) mkdirSync(directory, { recursive: true });
    if (size >= 4) body.writeUInt32BE(index, 0);
    writeFileSync(join(directory, `f${index}.bin`), body);
  }
}

/** A sparse file: `bytes` long, using no disk (reads as zeros). */
export function writeSparseFileSync(path: string, bytes: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/** Deletes every object under a prefix. */
export async function deletePrefix(client: S3Client, bucket: string, prefix: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key! }));
    if (keys.length > 0)
      await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

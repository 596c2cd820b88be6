/**
 * Names and where they live on disk. Object keys are arbitrary UTF-8 chosen by clients, so they never become
 * path components: a key's data file is named by a hash of the key plus a random version. Bucket names and
 * upload ids reach the disk only after they match a strict pattern.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { S3Error } from './errors.ts';

const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const uploadIdPattern = /^[0-9a-f]{48}$/;
const maxKeyBytes = 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True for a bucket name S3 accepts (3–63 lowercase letters, digits, dots and hyphens, no IP-like form). */
export function isValidBucketName(name: string): boolean {
  return bucketPattern.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

/** Refuses keys S3 refuses: empty, or longer than 1,024 bytes of UTF-8. */
export function assertValidKey(key: string): void {
  if (key.length === 0) throw new S3Error('InvalidArgument', 'An object key must not be empty.');
  if (Buffer.byteLength(key, 'utf8') > maxKeyBytes) {
    throw new S3Error('KeyTooLongError', 'Your key is too long.');
  }
}

/** A new random, server-generated multipart upload id. */
export function newUploadId(): string {
  return randomBytes(24).toString('hex');
}

/** True only for ids this endpoint could have generated: safe to use as a folder name. */
export function isValidUploadId(uploadId: string): boolean {
  return uploadIdPattern.test(uploadId);
}

/** A new data file name for `key`: its hash (to find it when debugging) and a random version. */
export function newObjectFileName(key: string): string {
  const hash = createHash('sha256').update(key, 'utf8').digest('hex');
  return `${hash.slice(0, 40)}-${randomBytes(8).toString('hex')}`;
}

/** True for file names newObjectFileName produces; anything else read from the journal is refused. */
export function isObjectFileName(name: string): boolean {
  return /^[0-9a-f]{40}-[0-9a-f]{16}$/.test(name);
}

/** The data file of an object: `buckets/<bucket>/objects/<2 hex>/<file name>`, always inside `dataDir`. */
export function objectFilePath(dataDir: string, bucket: string, fileName: string): string {
  if (!isValidBucketName(bucket) || !isObjectFileName(fileName)) {
    throw new Error('Refusing an unsafe object path.');
  }
  return join(dataDir, 'buckets', bucket, 'objects', fileName.slice(0, 2), fileName);
}

/** The folder of one multipart upload, always inside `dataDir`. */
export function uploadFolderPath(dataDir: string, uploadId: string): string {
  if (!isValidUploadId(uploadId)) throw new Error('Refusing an unsafe upload path.');
  return join(dataDir, 'uploads', uploadId);
}

/**
 * Orders keys as S3 lists them: by the bytes of their UTF-8 encoding, which is code point order. JavaScript
 * compares UTF-16 code units, which puts characters above U+FFFF (surrogate pairs) before U+E000–U+FFFF;
 * shifting those two ranges past each other restores code point order without encoding anything.
 */
export function compareKeys(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a !== b) return codePointRank(a) - codePointRank(b);
  }
  return left.length - right.length;
}

function codePointRank(codeUnit: number): number {
  if (codeUnit >= 0xe000) return codeUnit - 0x800;
  if (codeUnit >= 0xd800) return codeUnit + 0x2000;
  return codeUnit;
}

/** An opaque continuation token naming the last key or common prefix a page returned. */
export function encodeContinuationToken(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

/** The key inside a continuation token; InvalidArgument for anything this endpoint did not produce. */
export function decodeContinuationToken(token: string): string {
  const bytes = Buffer.from(token, 'base64url');
  if (token.length === 0 || bytes.toString('base64url') !== token) throw invalidToken(token);
  try {
    return utf8.decode(bytes);
  } catch {
    throw invalidToken(token);
  }
}

function invalidToken(token: string): S3Error {
  return new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
    ArgumentName: 'continuation-token',
    ArgumentValue: token,
  });
}

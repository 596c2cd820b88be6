import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareKeys,
  decodeContinuationToken,
  encodeContinuationToken,
  isValidBucketName,
  isValidUploadId,
  newObjectFileName,
  newUploadId,
  objectFilePath,
  uploadFolderPath,
} from '../../../server/s3/keys.ts';

const dataDir = join('/srv', 'datadesk', 'data');
const awkwardKeys = [
  '..',
  '../../etc/passwd',
  'a/../../b',
  '/leading',
  'nul\u0000byte',
  'back\\slash',
  'é',
  '😀',
  'k'.repeat(1024),
];

describe('object keys on disk', () => {
  it('maps any key to a data file inside the data folder, named without the key', () => {
    for (const key of awkwardKeys) {
      const path = objectFilePath(dataDir, 'bucket', newObjectFileName(key));
      const inside = relative(dataDir, path);
      expect(inside.split(sep).slice(0, 3)).toEqual(['buckets', 'bucket', 'objects']);
      expect(inside.split(sep)).not.toContain('..');
      expect(path.length).toBeLessThan(dataDir.length + 120);
    }
  });

  it('gives every write of the same key its own data file, and different keys different hashes', () => {
    const first = newObjectFileName('same');
    expect(newObjectFileName('same')).not.toBe(first);
    expect(newObjectFileName('same').slice(0, 40)).toBe(first.slice(0, 40));
    expect(newObjectFileName('other').slice(0, 40)).not.toBe(first.slice(0, 40));
  });

  it('refuses unsafe bucket names and file names before building a path', () => {
    expect(() => objectFilePath(dataDir, '..', newObjectFileName('k'))).toThrow();
    expect(() => objectFilePath(dataDir, 'bucket', '../../x')).toThrow();
    expect(isValidBucketName('my-bucket.1')).toBe(true);
    for (const name of ['..', 'a', 'UPPER', 'a/b', 'a..b', '192.168.1.1', '-start', 'x'.repeat(64)])
      expect(isValidBucketName(name), name).toBe(false);
  });

  it('accepts only upload ids it generated as folder names', () => {
    const uploadId = newUploadId();
    expect(isValidUploadId(uploadId)).toBe(true);
    expect(relative(dataDir, uploadFolderPath(dataDir, uploadId))).toBe(join('uploads', uploadId));
    for (const forged of ['../../etc', '', uploadId.toUpperCase(), `${uploadId}/..`, 'a'.repeat(47)]) {
      expect(isValidUploadId(forged), forged).toBe(false);
      expect(() => uploadFolderPath(dataDir, forged)).toThrow();
    }
  });
});

describe('key order', () => {
  it('orders keys by their UTF-8 bytes, also where UTF-16 order differs', () => {
    const keys = ['b', 'a', '\uffff', '😀', '\ue000', 'ä', 'a/b', 'a b', '', 'z\u0000', 'z'];
    const byBytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...keys].sort(compareKeys)).toEqual(byBytes);
    expect(compareKeys('\uffff', '😀')).toBeLessThan(0);
    expect('\uffff' < '😀').toBe(false);
  });
});

describe('continuation tokens', () => {
  it('round-trips any key through an opaque URL-safe token', () => {
    for (const key of ['a', 'dir/😀 ü+/=?', 'k'.repeat(1024)]) {
      const token = encodeContinuationToken(key);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeContinuationToken(token)).toBe(key);
    }
  });

  it('refuses tokens it could not have issued', () => {
    for (const token of ['', 'not a token!', 'QUJD=', '_w']) {
      expect(() => decodeContinuationToken(token), token).toThrow(
        expect.objectContaining({ code: 'InvalidArgument' }),
      );
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  assertChecksumValue,
  compositeChecksum,
  createHasher,
  multipartChecksumType,
  type ChecksumAlgorithm,
} from '../../../server/s3/checksums.ts';

function hex(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}

describe('checksums', () => {
  it('computes the standard check values of "123456789" for every algorithm, fed in pieces', async () => {
    const expected: Record<ChecksumAlgorithm, string> = {
      CRC32: 'cbf43926',
      CRC32C: 'e3069283',
      CRC64NVME: 'ae8b14860a799888',
      SHA1: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441',
      SHA256: '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
    };
    for (const [algorithm, value] of Object.entries(expected) as [ChecksumAlgorithm, string][]) {
      const hasher = createHasher(algorithm);
      for (const piece of ['1', '2345', '', '6789']) hasher.update(Buffer.from(piece));
      expect(hex(await hasher.digest()), algorithm).toBe(value);
    }
  });

  it('builds a composite checksum from part checksums with the part count', async () => {
    const parts = ['AAAAAQ==', 'AAAAAg=='];
    const direct = createHasher('CRC32');
    direct.update(Buffer.from([0, 0, 0, 1, 0, 0, 0, 2]));
    expect(await compositeChecksum('CRC32', parts)).toBe(`${await direct.digest()}-2`);
  });

  it('refuses checksum values of the wrong length or encoding', () => {
    expect(() => assertChecksumValue('CRC32', 'AAAAAA==')).not.toThrow();
    for (const value of ['AAAA', 'AAAAAAAAAAA=', 'not base64', '']) {
      expect(() => assertChecksumValue('CRC32', value), value).toThrow(
        expect.objectContaining({ code: 'InvalidRequest' }),
      );
    }
  });

  it('chooses the multipart checksum type S3 allows for each algorithm', () => {
    expect(multipartChecksumType('CRC32', undefined)).toBe('COMPOSITE');
    expect(multipartChecksumType('CRC64NVME', undefined)).toBe('FULL_OBJECT');
    expect(multipartChecksumType('CRC32C', 'FULL_OBJECT')).toBe('FULL_OBJECT');
    expect(() => multipartChecksumType('CRC64NVME', 'COMPOSITE')).toThrow();
    expect(() => multipartChecksumType('SHA256', 'FULL_OBJECT')).toThrow();
    expect(() => multipartChecksumType('CRC32', 'SOMETHING')).toThrow();
  });
});

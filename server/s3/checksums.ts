/**
 * The flexible checksums S3 supports. CRC32 and CRC32C come from @node-rs/crc32 (native), CRC64NVME from the
 * AWS SDK's own implementation, SHA-1 and SHA-256 from node:crypto. Values travel as base64 of the big-endian
 * digest; a composite (per-part) multipart checksum is the checksum of the part digests with a `-N` suffix.
 */
import { Crc64Nvme } from '@aws-sdk/checksums/crc';
import { crc32, crc32c } from '@node-rs/crc32';
import { createHash, type Hash } from 'node:crypto';
import { S3Error } from './errors.ts';

/** An algorithm clients may name in `x-amz-checksum-algorithm` / `x-amz-sdk-checksum-algorithm`. */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

/** Whether a multipart object's checksum covers the whole object or is a checksum of part checksums. */
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

/** A checksum kept with an object or part. `value` carries the `-N` suffix when composite. */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
  type: ChecksumType;
}

/** Every algorithm, in the order S3 documents them. */
export const checksumAlgorithms: readonly ChecksumAlgorithm[] = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
];

const digestBytes: Record<ChecksumAlgorithm, number> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};

/** `x-amz-checksum-crc32` and friends. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** `ChecksumCRC32` and friends, as used in XML bodies. */
export function checksumXmlName(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

/** The algorithm an `x-amz-checksum-*` header name refers to, if any. */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const lower = name.toLowerCase();
  return checksumAlgorithms.find((algorithm) => checksumHeaderName(algorithm) === lower);
}

/** The algorithm named by a header value; InvalidRequest for names S3 does not know. */
export function parseChecksumAlgorithm(value: string | undefined): ChecksumAlgorithm | undefined {
  if (value === undefined || value === '') return undefined;
  const algorithm = checksumAlgorithms.find((known) => known === value.toUpperCase());
  if (!algorithm) throw new S3Error('InvalidRequest', `Checksum algorithm ${value} is not supported.`);
  return algorithm;
}

/** Refuses a checksum value that is not the base64 of a digest of the right length. */
export function assertChecksumValue(algorithm: ChecksumAlgorithm, value: string): void {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== digestBytes[algorithm] || bytes.toString('base64') !== value) {
    throw new S3Error('InvalidRequest', `Value for ${checksumHeaderName(algorithm)} header is invalid.`);
  }
}

/** The checksum type a multipart upload gets: what the client asked for, else the algorithm's default. */
export function multipartChecksumType(
  algorithm: ChecksumAlgorithm,
  requested: string | undefined,
): ChecksumType {
  const type = requested?.toUpperCase() ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (type !== 'FULL_OBJECT' && type !== 'COMPOSITE') {
    throw new S3Error('InvalidRequest', `Checksum type ${requested} is not supported.`);
  }
  if (
    (type === 'COMPOSITE' && algorithm === 'CRC64NVME') ||
    (type === 'FULL_OBJECT' && algorithm.startsWith('SHA'))
  ) {
    throw new S3Error(
      'InvalidRequest',
      `The ${type} checksum type cannot be used with the ${algorithm} algorithm.`,
    );
  }
  return type;
}

/** An incremental checksum. */
export interface Hasher {
  update(data: Uint8Array): void;
  /** The checksum as base64. */
  digest(): Promise<string>;
}

class CrcHasher implements Hasher {
  private state = 0;
  private readonly step: (input: Uint8Array, initial: number) => number;
  constructor(step: (input: Uint8Array, initial: number) => number) {
    this.step = step;
  }
  update(data: Uint8Array): void {
    this.state = this.step(data, this.state);
  }
  async digest(): Promise<string> {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(this.state >>> 0);
    return bytes.toString('base64');
  }
}

class NodeHasher implements Hasher {
  private readonly hash: Hash;
  constructor(name: string) {
    this.hash = createHash(name);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<string> {
    return this.hash.digest('base64');
  }
}

class Crc64Hasher implements Hasher {
  private readonly crc = new Crc64Nvme();
  update(data: Uint8Array): void {
    this.crc.update(data);
  }
  async digest(): Promise<string> {
    return Buffer.from(await this.crc.digest()).toString('base64');
  }
}

/** A fresh incremental checksum for `algorithm`. */
export function createHasher(algorithm: ChecksumAlgorithm): Hasher {
  switch (algorithm) {
    case 'CRC32':
      return new CrcHasher((input, initial) => crc32(input, initial));
    case 'CRC32C':
      return new CrcHasher((input, initial) => crc32c(input, initial));
    case 'CRC64NVME':
      return new Crc64Hasher();
    case 'SHA1':
      return new NodeHasher('sha1');
    case 'SHA256':
      return new NodeHasher('sha256');
  }
}

/** The composite checksum of a multipart object: the checksum of its parts' raw digests, then `-N`. */
export async function compositeChecksum(algorithm: ChecksumAlgorithm, partValues: string[]): Promise<string> {
  const hasher = createHasher(algorithm);
  for (const value of partValues) hasher.update(Buffer.from(value, 'base64'));
  return `${await hasher.digest()}-${partValues.length}`;
}

/**
 * CRC32C, the checksum every request carries: hardware-accelerated through @node-rs/crc32, combinable so the
 * whole-file value of a multipart upload or a ranged download follows from the parts without reading twice.
 */
import { crc32c } from '@node-rs/crc32';

/** CRC32C of `data`, continuing from `previous` (the CRC of the bytes before it). */
export function crc32cOf(data: Uint8Array, previous = 0): number {
  return crc32c(data, previous);
}

/** The CRC as S3 writes it in `x-amz-checksum-crc32c`: four big-endian bytes in base64. */
export function crcToBase64(crc: number): string {
  const bytes = Buffer.allocUnsafe(4);
  bytes.writeUInt32BE(crc >>> 0);
  return bytes.toString('base64');
}

/** The CRC in an `x-amz-checksum-crc32c` value; null when the value is not a plain four-byte CRC. */
export function crcFromBase64(value: string | undefined | null): number | null {
  if (!value) return null;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 4 ? bytes.readUInt32BE(0) : null;
}

/** The stored whole-object CRC32C in response headers, when there is one (not a composite "-N" value). */
export function storedCrc(headers: Map<string, string>): number | null {
  if (headers.get('x-amz-checksum-type') === 'COMPOSITE') return null;
  const value = headers.get('x-amz-checksum-crc32c');
  if (!value || value.includes('-')) return null;
  return crcFromBase64(value);
}

// Reflected Castagnoli polynomial.
const polynomial = 0x82f63b78;

function matrixTimes(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let index = 0; vector !== 0; index++, vector >>>= 1) {
    if (vector & 1) sum ^= matrix[index]!;
  }
  return sum >>> 0;
}

function matrixSquare(target: Uint32Array, matrix: Uint32Array): void {
  for (let index = 0; index < 32; index++) target[index] = matrixTimes(matrix, matrix[index]!);
}

/**
 * The CRC32C of A followed by B, from crc(A), crc(B) and the length of B (zlib's GF(2) matrix method, so it
 * costs O(log length) rather than a second pass over the bytes).
 */
export function crc32cCombine(first: number, second: number, secondLength: number): number {
  if (secondLength <= 0) return first >>> 0;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  // The operator for one zero bit, then squared into the operators for two and four zero bits.
  odd[0] = polynomial;
  for (let index = 1, row = 1; index < 32; index++, row <<= 1) odd[index] = row >>> 0;
  matrixSquare(even, odd);
  matrixSquare(odd, even);
  let crc = first >>> 0;
  let length = secondLength;
  for (;;) {
    matrixSquare(even, odd);
    if (length % 2 === 1) crc = matrixTimes(even, crc);
    length = Math.floor(length / 2);
    if (length === 0) break;
    matrixSquare(odd, even);
    if (length % 2 === 1) crc = matrixTimes(odd, crc);
    length = Math.floor(length / 2);
    if (length === 0) break;
  }
  return (crc ^ second) >>> 0;
}

/** Combines CRCs of consecutive pieces, in order, into the CRC of the whole. */
export function crc32cOfPieces(pieces: Iterable<{ crc: number; size: number }>): number {
  let whole = 0;
  let first = true;
  for (const piece of pieces) {
    whole = first ? piece.crc >>> 0 : crc32cCombine(whole, piece.crc, piece.size);
    first = false;
  }
  return whole;
}

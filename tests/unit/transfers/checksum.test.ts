import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import {
  crc32cCombine,
  crc32cOf,
  crc32cOfPieces,
  crcFromBase64,
  crcToBase64,
} from '../../../main/transfers/checksum.ts';

test('combines the CRC32C of two pieces into the CRC32C of the whole', () => {
  for (const [a, b] of [
    [0, 0],
    [1, 0],
    [0, 1],
    [7, 13],
    [1000, 1],
    [65_536, 65_537],
    [3, 1_048_576],
  ] as const) {
    const first = randomBytes(a);
    const second = randomBytes(b);
    expect(crc32cCombine(crc32cOf(first), crc32cOf(second), b)).toBe(
      crc32cOf(Buffer.concat([first, second])),
    );
  }
});

test('combines many parts in order, as a multipart upload does', () => {
  const parts = [randomBytes(5000), randomBytes(5000), randomBytes(17), Buffer.alloc(0), randomBytes(1)];
  const whole = crc32cOfPieces(parts.map((part) => ({ crc: crc32cOf(part), size: part.length })));
  expect(whole).toBe(crc32cOf(Buffer.concat(parts)));
});

test('combines across lengths beyond 4 GiB without overflowing', () => {
  // A zero-filled second piece of 5 GiB is the same as shifting through 5 GiB of zeros: check against
  // combining 5 × 1 GiB in steps.
  const first = crc32cOf(Buffer.from('datadesk'));
  const gib = 1024 ** 3;
  const zerosGiB = crc32cCombine(0, 0, gib);
  let stepwise = first;
  for (let index = 0; index < 5; index++) stepwise = crc32cCombine(stepwise, zerosGiB, gib);
  expect(
    crc32cCombine(
      first,
      crc32cCombine(
        crc32cCombine(crc32cCombine(crc32cCombine(zerosGiB, zerosGiB, gib), zerosGiB, gib), zerosGiB, gib),
        zerosGiB,
        gib,
      ),
      5 * gib,
    ),
  ).toBe(stepwise);
});

test('writes and reads the S3 base64 form of a CRC', () => {
  const crc = crc32cOf(Buffer.from('hello'));
  expect(crcToBase64(crc)).toBe('mnG7TA==');
  expect(crcFromBase64('mnG7TA==')).toBe(crc);
  expect(crcFromBase64('abc-2')).toBeNull();
  expect(crcFromBase64(undefined)).toBeNull();
});

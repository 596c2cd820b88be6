import { expect, test } from 'vitest';
import {
  choosePartSize,
  chooseRangeSize,
  defaultTransferSettings,
  isSingleRequest,
  partCount,
  s3Limits,
} from '../../../main/transfers/settings.ts';

const mib = 1024 * 1024;

test('keeps the minimum part size while a file fits in 10,000 parts', () => {
  expect(choosePartSize(1024 * mib, defaultTransferSettings)).toBe(
    defaultTransferSettings.minPartSizeMiB * mib,
  );
});

test('grows parts so no file needs more than 10,000, up to 5 TiB', () => {
  for (const size of [200 * 1024 * mib, 1024 * 1024 * mib, s3Limits.maxObjectSize]) {
    const partSize = choosePartSize(size, defaultTransferSettings);
    expect(partCount(size, partSize)).toBeLessThanOrEqual(10_000);
    expect(partSize).toBeLessThanOrEqual(s3Limits.maxPartSize);
  }
});

test('never goes below the 5 MiB S3 minimum and lets the 10,000-part limit override the configured maximum', () => {
  expect(choosePartSize(100 * mib, { minPartSizeMiB: 1, maxPartSizeMiB: 1 })).toBe(5 * mib);
  const size = 1024 * 1024 * mib;
  expect(
    partCount(size, choosePartSize(size, { minPartSizeMiB: 8, maxPartSizeMiB: 16 })),
  ).toBeLessThanOrEqual(10_000);
});

test('sends files up to the minimum part size in one request', () => {
  expect(isSingleRequest(0, defaultTransferSettings)).toBe(true);
  expect(isSingleRequest(defaultTransferSettings.minPartSizeMiB * mib, defaultTransferSettings)).toBe(true);
  expect(isSingleRequest(defaultTransferSettings.minPartSizeMiB * mib + 1, defaultTransferSettings)).toBe(
    false,
  );
});

test('downloads large files in ranges of up to 64 MiB, about two rounds of the ranges in flight', () => {
  expect(chooseRangeSize(1024 * mib, { minPartSizeMiB: 16, partsInFlight: 8 })).toBe(64 * mib);
  expect(chooseRangeSize(200 * mib, { minPartSizeMiB: 16, partsInFlight: 8 })).toBe(16 * mib);
  expect(chooseRangeSize(10 * 1024 * mib, { minPartSizeMiB: 16, partsInFlight: 8 })).toBe(64 * mib);
  expect(chooseRangeSize(1024 * mib, { minPartSizeMiB: 128, partsInFlight: 8 })).toBe(128 * mib);
});

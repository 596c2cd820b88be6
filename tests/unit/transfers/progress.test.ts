import { expect, test } from 'vitest';
import { estimateSeconds, RateMeter } from '../../../main/transfers/progress.ts';

test('reports the rate over the recent window', () => {
  let now = 0;
  const meter = new RateMeter(() => now);
  for (let second = 0; second < 4; second++) {
    meter.add(10_000_000, 100);
    now += 1000;
  }
  const rates = meter.rates();
  expect(rates.bytesPerSecond).toBeGreaterThan(9_000_000);
  expect(rates.bytesPerSecond).toBeLessThan(11_000_000);
  expect(rates.filesPerSecond).toBeGreaterThan(90);
});

test('forgets samples older than the window', () => {
  let now = 0;
  const meter = new RateMeter(() => now);
  meter.add(1e9, 0);
  now = 60_000;
  meter.add(1000, 0);
  now = 62_000;
  expect(meter.rates().bytesPerSecond).toBeLessThan(10_000);
});

test('says nothing before a second of history', () => {
  const meter = new RateMeter(() => 0);
  meter.add(1e6);
  expect(meter.rates()).toEqual({ bytesPerSecond: 0, filesPerSecond: 0 });
});

test('estimates by the slower of bytes and files, so many small files are not promised at byte speed', () => {
  // 1,000 tiny files left at 100 files/s take 10 s even though their bytes would take 0.1 s.
  expect(
    estimateSeconds({ bytes: 1_000_000, files: 1000 }, { bytesPerSecond: 10_000_000, filesPerSecond: 100 }),
  ).toBe(10);
  expect(estimateSeconds({ bytes: 1e9, files: 1 }, { bytesPerSecond: 1e8, filesPerSecond: 0 })).toBe(10);
  expect(estimateSeconds({ bytes: 1e9, files: 1 }, { bytesPerSecond: 0, filesPerSecond: 0 })).toBeNull();
  expect(estimateSeconds({ bytes: 0, files: 0 }, { bytesPerSecond: 0, filesPerSecond: 0 })).toBe(0);
});

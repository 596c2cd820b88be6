import { describe, expect, it } from 'vitest';
import { contentRange, parseRange } from '../../../server/s3/range.ts';

describe('byte ranges', () => {
  it('reads closed, open and suffix ranges', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=2-5', 10)).toEqual({ start: 2, end: 5 });
    expect(parseRange('bytes=6-', 10)).toEqual({ start: 6, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
  });

  it('clamps ranges that run past the end, and suffixes longer than the object', () => {
    expect(parseRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
    expect(parseRange('bytes=-100', 10)).toEqual({ start: 0, end: 9 });
  });

  it('ignores absent, malformed, reversed and multiple ranges: the whole object is sent', () => {
    for (const header of [
      undefined,
      'bytes=',
      'bytes=-',
      'items=1-2',
      'bytes=5-2',
      'bytes=1-2,4-5',
      'bytes=a-b',
    ]) {
      expect(parseRange(header, 10), String(header)).toBeUndefined();
    }
  });

  it('throws InvalidRange (416) for ranges starting at or after the end, and empty suffixes', () => {
    for (const [header, size] of [
      ['bytes=10-', 10],
      ['bytes=10-20', 10],
      ['bytes=-0', 10],
      ['bytes=0-', 0],
      ['bytes=-5', 0],
    ] as const) {
      expect(() => parseRange(header, size), header).toThrow(
        expect.objectContaining({ code: 'InvalidRange', status: 416 }),
      );
    }
  });

  it('formats Content-Range', () => {
    expect(contentRange({ start: 7, end: 9 }, 10)).toBe('bytes 7-9/10');
  });
});

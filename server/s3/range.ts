/** HTTP Range requests as S3 answers them: one byte range, suffix and open ranges, 416 when unsatisfiable. */
import { S3Error } from './errors.ts';

/** Inclusive byte positions of a satisfiable range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The range a `Range` header asks for within an object of `size` bytes. Undefined means "send the whole
 * object": no header, a malformed one or several ranges (S3 ignores those too). Throws InvalidRange (416)
 * when the range is well-formed but lies outside the object.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw unsatisfiable(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) throw unsatisfiable(size);
  return { start, end };
}

/** The Content-Range header for a partial response. */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

function unsatisfiable(size: number): S3Error {
  return new S3Error('InvalidRange', 'The requested range is not satisfiable', {
    ActualObjectSize: String(size),
  });
}

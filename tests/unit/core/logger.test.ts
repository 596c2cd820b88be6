import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/core/index.ts';

describe('structured logger', () => {
  it('writes one JSON object per line with level, event and fields', () => {
    const lines: string[] = [];
    createLogger({ sinks: [(line) => lines.push(line)] }).info('dataset.minted', { id: '10378.1/1' });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', event: 'dataset.minted', id: '10378.1/1' });
  });

  it('masks fields whose names look secret', () => {
    const lines: string[] = [];
    createLogger({ sinks: [(line) => lines.push(line)] }).info('x', {
      refresh_token: 'abc',
      aws_secret_access_key: 'def',
      headers: { Authorization: 'Bearer ghi' },
      count: 3,
    });
    expect(lines[0]).not.toMatch(/abc|def|ghi/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ count: 3 });
  });

  it('masks a registered secret wherever it appears, also in child loggers', () => {
    const lines: string[] = [];
    const logger = createLogger({ sinks: [(line) => lines.push(line)] });
    const child = logger.child({ component: 'auth' });
    logger.redact('eyJhbGciOiJSUzI1NiJ9.payload.signature');
    child.warn('request.failed', { url: 'https://x/?t=eyJhbGciOiJSUzI1NiJ9.payload.signature' });
    expect(lines[0]).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(lines[0]).toContain('[redacted]');
  });

  it('drops lines below the chosen level', () => {
    const lines: string[] = [];
    createLogger({ level: 'warn', sinks: [(line) => lines.push(line)] }).info('quiet');
    expect(lines).toEqual([]);
  });
});

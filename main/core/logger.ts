/**
 * Structured logs (one JSON object per line) that never carry secrets: fields whose names look secret are
 * replaced, and every value registered with `redact` is masked wherever it appears.
 */
import { appendFileSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const secretFieldWords = [
  'token',
  'secret',
  'password',
  'passwd',
  'authorization',
  'cookie',
  'credential',
  'signature',
  'privatekey',
  'accesskey',
  'sessionkey',
];

/** True for a field name such as `refresh_token`, `aws_secret_access_key` or `Authorization`. */
function looksSecret(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[^a-z]/g, '');
  return secretFieldWords.some((word) => normalised.includes(word));
}

/** Writes one log line somewhere. */
export type LogSink = (line: string) => void;

/** A structured logger. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
  /** Masks this value wherever it appears in later lines (tokens, keys, passwords). */
  redact(secret: string | undefined | null): void;
}

/** Where logs go and which levels pass. */
export interface LoggerOptions {
  level?: LogLevel;
  sinks?: LogSink[];
}

/** A sink that appends to a file, synchronously (log lines are small and must survive a crash). */
export function fileSinkSync(path: string): LogSink {
  return (line) => {
    try {
      appendFileSync(path, line + '\n');
    } catch {
      // A log that cannot be written must never break the app.
    }
  };
}

/** A sink that writes to stderr. */
export const stderrSink: LogSink = (line) => {
  process.stderr.write(line + '\n');
};

class StructuredLogger implements Logger {
  private readonly shared: { level: LogLevel; sinks: LogSink[]; secrets: Set<string> };
  private readonly base: Record<string, unknown>;

  constructor(
    shared: { level: LogLevel; sinks: LogSink[]; secrets: Set<string> },
    base: Record<string, unknown>,
  ) {
    this.shared = shared;
    this.base = base;
  }

  debug(event: string, fields?: Record<string, unknown>): void {
    this.write('debug', event, fields);
  }
  info(event: string, fields?: Record<string, unknown>): void {
    this.write('info', event, fields);
  }
  warn(event: string, fields?: Record<string, unknown>): void {
    this.write('warn', event, fields);
  }
  error(event: string, fields?: Record<string, unknown>): void {
    this.write('error', event, fields);
  }
  child(fields: Record<string, unknown>): Logger {
    return new StructuredLogger(this.shared, { ...this.base, ...fields });
  }
  redact(secret: string | undefined | null): void {
    // Very short values would mask ordinary words; real secrets are long.
    if (secret && secret.length >= 8) this.shared.secrets.add(secret);
  }

  private write(level: LogLevel, event: string, fields?: Record<string, unknown>): void {
    if (levelRank[level] < levelRank[this.shared.level] || this.shared.sinks.length === 0) return;
    const record = { time: new Date().toISOString(), level, event, ...this.base, ...fields };
    let line = JSON.stringify(record, (key, value: unknown) => {
      if (key && looksSecret(key) && value !== null && value !== undefined && value !== '') {
        return '[redacted]';
      }
      if (value instanceof Error) return { name: value.name, message: value.message };
      if (typeof value === 'bigint') return value.toString();
      return value;
    });
    for (const secret of this.shared.secrets) {
      if (line.includes(secret)) line = line.split(secret).join('[redacted]');
    }
    for (const sink of this.shared.sinks) sink(line);
  }
}

/** Creates a root logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const envLevel = process.env.DATADESK_LOG_LEVEL as LogLevel | undefined;
  return new StructuredLogger(
    {
      level: options.level ?? (envLevel && envLevel in levelRank ? envLevel : 'info'),
      sinks: options.sinks ?? [stderrSink],
      secrets: new Set(),
    },
    {},
  );
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger({ sinks: [] });

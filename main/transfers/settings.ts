/** Transfer settings: how much runs at once, part sizes and an optional bandwidth limit. */
import type { JobDatabase } from './job-database.ts';

const mebibyte = 1024 * 1024;

/** What a person can tune; stored in the job database. */
export interface TransferSettings {
  /** Files transferred at the same time (small files each use one request). */
  filesInFlight: number;
  /** Parts of large files in flight at the same time, across all files. */
  partsInFlight: number;
  /** Smallest part of a multipart transfer, in MiB; files up to this size go in one request. */
  minPartSizeMiB: number;
  /** Largest part, in MiB; parts grow from the minimum only as far as the 10,000-part limit needs. */
  maxPartSizeMiB: number;
  /** Upload and download limit in MiB/s; null for none. */
  bandwidthLimitMiBps: number | null;
}

/** The defaults, tuned on a 2-core machine against a local endpoint (see tests/bench/transfers). */
export const defaultTransferSettings: TransferSettings = {
  filesInFlight: 32,
  partsInFlight: 8,
  minPartSizeMiB: 16,
  maxPartSizeMiB: 1024,
  bandwidthLimitMiBps: null,
};

/** S3's hard limits. */
export const s3Limits = {
  maxParts: 10_000,
  minPartSize: 5 * mebibyte,
  maxPartSize: 5 * 1024 * mebibyte,
  maxObjectSize: 5 * 1024 * 1024 * mebibyte,
  maxSinglePut: 5 * 1024 * mebibyte,
} as const;

/**
 * The part size for a file: the configured minimum, grown in whole MiB only as far as needed to stay within
 * 10,000 parts (S3's limit), never above 5 GiB. The configured maximum yields to that limit.
 */
export function choosePartSize(
  fileSize: number,
  settings: Pick<TransferSettings, 'minPartSizeMiB' | 'maxPartSizeMiB'>,
): number {
  const minimum = Math.max(s3Limits.minPartSize, Math.round(settings.minPartSizeMiB * mebibyte));
  const needed = Math.ceil(fileSize / s3Limits.maxParts / mebibyte) * mebibyte;
  const preferredMaximum = Math.max(minimum, Math.round(settings.maxPartSizeMiB * mebibyte));
  const size = Math.max(minimum, needed);
  return Math.min(s3Limits.maxPartSize, size > preferredMaximum ? needed : size);
}

/**
 * The byte ranges of a large download: bigger than upload parts (a GET streams, it holds no buffer), so a file
 * is fetched in about two rounds of the ranges in flight, between the minimum part size and 64 MiB. Measured on
 * MinIO: 64 MiB ranges download a 1 GiB file about a third faster than 16 MiB ones.
 */
export function chooseRangeSize(
  fileSize: number,
  settings: Pick<TransferSettings, 'minPartSizeMiB' | 'partsInFlight'>,
): number {
  const minimum = Math.max(s3Limits.minPartSize, Math.round(settings.minPartSizeMiB * mebibyte));
  const share = Math.ceil(fileSize / (2 * Math.max(1, settings.partsInFlight)) / mebibyte) * mebibyte;
  return Math.max(minimum, Math.min(64 * mebibyte, share));
}

/** The number of parts a file of `fileSize` has at `partSize` (at least one). */
export function partCount(fileSize: number, partSize: number): number {
  return Math.max(1, Math.ceil(fileSize / partSize));
}

/** True when a file goes in one request rather than multipart. */
export function isSingleRequest(
  fileSize: number,
  settings: Pick<TransferSettings, 'minPartSizeMiB'>,
): boolean {
  return fileSize <= Math.max(s3Limits.minPartSize, settings.minPartSizeMiB * mebibyte);
}

const settingsKey = 'transfer-settings';

/** The saved settings over the defaults (a setting saved by an older version is kept if still known). */
export function loadSettingsSync(database: JobDatabase): TransferSettings {
  const raw = database.setting(settingsKey);
  try {
    return { ...defaultTransferSettings, ...(raw ? (JSON.parse(raw) as Partial<TransferSettings>) : {}) };
  } catch {
    return { ...defaultTransferSettings };
  }
}

/** Saves settings (the maximum part size never below the minimum) and answers them as saved. */
export function saveSettingsSync(database: JobDatabase, settings: TransferSettings): TransferSettings {
  const saved = { ...settings, maxPartSizeMiB: Math.max(settings.maxPartSizeMiB, settings.minPartSizeMiB) };
  database.setSetting(settingsKey, JSON.stringify(saved));
  return saved;
}

/**
 * Verify: the dry run of an upload. Compares a local file or folder with where an upload would put it in the
 * dataset — missing there, extra there, different by size or by checksum — and changes nothing.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { normaliseDatasetPath, objectKey } from './paths.ts';
import { uploadBase } from './plan-upload.ts';
import { listObjects } from './remote-listing.ts';
import { Semaphore } from './semaphore.ts';
import type { StorageAccess } from './storage-access.ts';
import { walkSource } from './walk.ts';
import type { WorkerPool } from './worker-pool.ts';

/** What to compare. */
export interface VerifyRequest {
  profileId: string;
  datasetId: string;
  /** The local file or folder; `contentsOnly` compares a folder's contents (as `folder/` uploads them). */
  source: { path: string; contentsOnly: boolean };
  /** The dataset sub-path an upload would go to. */
  remotePath: string;
  /** Also compare CRC32C checksums of files whose sizes match (reads every such local file). */
  checksums: boolean;
}

/** A file that differs. */
export interface VerifyDifference {
  path: string;
  reason: 'size' | 'checksum';
  localSize: number;
  remoteSize: number;
}

/** What verify found. Lists are capped; the counts are complete. */
export interface VerifyReport {
  localFiles: number;
  remoteFiles: number;
  identical: number;
  /** Same size, but the stored object has no whole-file checksum to compare (or checksums were not asked for). */
  unverified: number;
  missing: { count: number; paths: string[] };
  extra: { count: number; paths: string[] };
  different: { count: number; items: VerifyDifference[] };
}

const listCap = 1000;

interface VerifyDeps {
  access: StorageAccess;
  pool: WorkerPool;
  signal: AbortSignal;
}

export async function verifyUpload(request: VerifyRequest, deps: VerifyDeps): Promise<VerifyReport> {
  const { signal } = deps;
  const storage = await deps.access.open(request.profileId, request.datasetId, 'read', signal);
  const base = uploadBase(storage.location.prefix, normaliseDatasetPath(request.remotePath));
  const info = await stat(request.source.path);
  const name = basename(request.source.path).normalize('NFC');
  // Only what the upload would touch: the file itself, or the folder (its own name unless contents only).
  const listPrefix = info.isFile()
    ? objectKey(base, name)
    : request.source.contentsOnly
      ? base
      : objectKey(base, name) + '/';
  const remote = new Map<string, number>();
  for await (const page of listObjects(storage, listPrefix, signal)) {
    for (const object of page) {
      if (info.isFile() && object.key !== listPrefix) continue;
      if (object.key.endsWith('/') && object.size === 0) continue;
      remote.set(object.key, object.size);
    }
  }
  const report: VerifyReport = {
    localFiles: 0,
    remoteFiles: remote.size,
    identical: 0,
    unverified: 0,
    missing: { count: 0, paths: [] },
    extra: { count: 0, paths: [] },
    different: { count: 0, items: [] },
  };
  const differ = (difference: VerifyDifference) => {
    report.different.count += 1;
    if (report.different.items.length < listCap) report.different.items.push(difference);
  };
  const comparisons = new Semaphore(8);
  const pending = new Set<Promise<void>>();
  for await (const entries of walkSource(request.source.path, request.source.contentsOnly, signal)) {
    for (const entry of entries) {
      if (entry.kind !== 'file') continue;
      report.localFiles += 1;
      const key = objectKey(base, entry.relativePath);
      const remoteSize = remote.get(key);
      remote.delete(key);
      if (remoteSize === undefined) {
        report.missing.count += 1;
        if (report.missing.paths.length < listCap) report.missing.paths.push(entry.relativePath);
      } else if (remoteSize !== entry.size) {
        differ({ path: entry.relativePath, reason: 'size', localSize: entry.size, remoteSize });
      } else if (!request.checksums) {
        report.unverified += 1;
      } else {
        await comparisons.acquire(1, signal);
        const comparison = (async () => {
          const [stored, local] = await Promise.all([
            storage.head(key, signal).then((head) => head.crc),
            deps.pool.run({ kind: 'checksum-file', path: entry.path }, { signal }),
          ]);
          if (stored === null) report.unverified += 1;
          else if (stored === local.crc) report.identical += 1;
          else differ({ path: entry.relativePath, reason: 'checksum', localSize: entry.size, remoteSize });
        })().finally(() => {
          comparisons.release(1);
          pending.delete(comparison);
        });
        pending.add(comparison);
      }
    }
  }
  await Promise.all(pending);
  const baseLength = base.length;
  for (const key of remote.keys()) {
    report.extra.count += 1;
    if (report.extra.paths.length < listCap) report.extra.paths.push(key.slice(baseLength));
  }
  return report;
}

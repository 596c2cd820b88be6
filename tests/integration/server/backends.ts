/** The S3 back ends every server test runs against: MinIO and the embedded endpoint. */
import { inject } from 'vitest';
import type { HarnessStorage } from '../../support/server-harness.ts';

/** MinIO and the embedded endpoint of the local store. */
export function storageBackends(): { name: string; storage: HarnessStorage }[] {
  return [
    { name: 'MinIO', storage: { kind: 'minio', minio: inject('minio') } },
    { name: 'embedded S3', storage: { kind: 'embedded' } },
  ];
}

/** Starts the services every integration and e2e test file can share: one MinIO for the whole run. */
import type { TestProject } from 'vitest/node';
import { startMinio, type MinioEndpoint } from './minio.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    minio: MinioEndpoint;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const minio = await startMinio();
  const { stop, ...endpoint } = minio;
  project.provide('minio', endpoint);
  return stop;
}

/**
 * The S3 contract suite's harness: the same tests run against MinIO (the shared one from the global setup,
 * in a fresh bucket) and against the embedded endpoint (fresh data folder), each with the SDK's default
 * flexible checksums and again with `WHEN_REQUIRED`.
 */
import { CreateBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject } from 'vitest';
import { startS3Endpoint, type S3Endpoint } from '../../server/s3/index.ts';

/** Which S3 a contract test talks to. */
export type TargetName = 'minio' | 'embedded';
/** The SDK's checksum behaviour under test. */
export type ChecksumMode = 'defaults' | 'when-required';

/** An S3 with a fresh bucket for one test file. */
export interface ContractTarget {
  name: TargetName;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  /** The embedded endpoint's data folder (inside `parentDir`, which holds nothing else). */
  dataDir?: string;
  parentDir?: string;
  embedded?: S3Endpoint;
}

/** What each contract test gets. */
export interface ContractContext {
  target: ContractTarget;
  mode: ChecksumMode;
  client: S3Client;
  /** A prefix unique to this target, mode and file, so tests never see each other's keys. */
  prefix: string;
}

/** Starts (embedded) or connects to (MinIO) a target and creates a fresh bucket in it. */
export async function openTarget(name: TargetName): Promise<ContractTarget & { close(): Promise<void> }> {
  const bucket = `contract-${randomBytes(6).toString('hex')}`;
  if (name === 'minio') {
    const minio = inject('minio');
    const target: ContractTarget = { name, ...minio, bucket };
    await s3Client(target, 'defaults').send(new CreateBucketCommand({ Bucket: bucket }));
    return { ...target, close: async () => {} };
  }
  const parentDir = await mkdtemp(join(tmpdir(), 'datadesk-s3-contract-'));
  const dataDir = join(parentDir, 'data');
  await mkdir(dataDir);
  const embedded = await startS3Endpoint({ dataDir, buckets: [bucket] });
  const { endpoint, region, accessKeyId, secretAccessKey } = embedded;
  return {
    name,
    endpoint,
    region,
    accessKeyId,
    secretAccessKey,
    bucket,
    dataDir,
    parentDir,
    embedded,
    async close() {
      await embedded.close();
      await rm(parentDir, { recursive: true, force: true });
    },
  };
}

/** An SDK client for a target, with SDK checksum defaults or WHEN_REQUIRED. */
export function s3Client(
  target: Pick<ContractTarget, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey'> & {
    sessionToken?: string;
  },
  mode: ChecksumMode,
  overrides: { secretAccessKey?: string; clockOffsetMs?: number } = {},
): S3Client {
  const checksums = mode === 'when-required' ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
  return new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: target.accessKeyId,
      secretAccessKey: overrides.secretAccessKey ?? target.secretAccessKey,
      ...(target.sessionToken ? { sessionToken: target.sessionToken } : {}),
    },
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    maxAttempts: 1,
    ...(overrides.clockOffsetMs ? { systemClockOffset: overrides.clockOffsetMs } : {}),
  });
}

/**
 * Declares a contract suite: `body` is called once per target and mode inside nested describes, and gets a
 * getter for the live context (valid inside tests and hooks).
 */
export function describeContract(
  title: string,
  body: (context: () => ContractContext) => void,
  options: { modes?: ChecksumMode[]; targets?: TargetName[] } = {},
): void {
  describe.each(options.targets ?? (['minio', 'embedded'] as TargetName[]))(`${title} — %s`, (name) => {
    let target: (ContractTarget & { close(): Promise<void> }) | undefined;
    beforeAll(async () => {
      target = await openTarget(name);
    });
    afterAll(async () => {
      await target?.close();
    });
    describe.each(options.modes ?? (['defaults', 'when-required'] as ChecksumMode[]))(
      'SDK checksums: %s',
      (mode) => {
        let context: ContractContext | undefined;
        beforeAll(() => {
          if (!target) throw new Error('The target did not start.');
          context = {
            target,
            mode,
            client: s3Client(target, mode),
            prefix: `${mode}-${randomBytes(4).toString('hex')}/`,
          };
        });
        afterAll(() => context?.client.destroy());
        body(() => {
          if (!context) throw new Error('The contract context is only available inside tests.');
          return context;
        });
      },
    );
  });
}

/** The whole body of a GetObject response. */
export async function readAll(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Asserts that `promise` fails with the S3 error `code` and HTTP `status`. */
export async function expectS3Error(promise: Promise<unknown>, code: string, status: number): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(S3ServiceException);
  const serviceError = error as S3ServiceException;
  expect({ code: serviceError.name, status: serviceError.$metadata.httpStatusCode }).toEqual({
    code,
    status,
  });
}

/** S3's code for a checksum mismatch (BadDigest); MinIO names the same refusal XAmzContentChecksumMismatch. */
export function badDigestCode(target: TargetName): string {
  return target === 'minio' ? 'XAmzContentChecksumMismatch' : 'BadDigest';
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inParallel<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(runners);
}

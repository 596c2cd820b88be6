import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import {
  createTransferHarness,
  sha256,
  treeDigest,
  writeTestFile,
  type TransferHarness,
  uploadAndWait,
  downloadAndWait,
} from '../../support/transfer-harness.ts';

const run = promisify(execFile);
const mib = 1024 * 1024;
let harness: TransferHarness;

beforeAll(async () => {
  harness = await createTransferHarness(inject('minio'));
  harness.engine.updateSettings({ minPartSizeMiB: 5 });
});
afterAll(() => harness?.close());

/** Debian's AWS CLI v2 against the same MinIO, with the root user and nothing from the machine's config. */
async function aws(...args: string[]): Promise<void> {
  const minio = inject('minio');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: harness.dir,
    AWS_ACCESS_KEY_ID: minio.accessKeyId,
    AWS_SECRET_ACCESS_KEY: minio.secretAccessKey,
    AWS_DEFAULT_REGION: minio.region,
    AWS_CONFIG_FILE: join(harness.dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(harness.dir, 'no-aws-credentials'),
  };
  await run('/usr/bin/aws', ['--endpoint-url', minio.endpoint, ...args], { env, timeout: 120_000 });
}

test('an object Datadesk wrote (single and multipart) reads back identical with the AWS CLI', async () => {
  const prefix = harness.storage.addDataset('10378.1/to-aws');
  const source = join(harness.dir, 'to-aws');
  const small = await writeTestFile(join(source, 'small file.txt'), 'written by Datadesk');
  const large = await writeTestFile(join(source, 'large.bin'), 13 * mib + 11);
  const job = await uploadAndWait(harness, { datasetId: '10378.1/to-aws', path: source, contentsOnly: true });
  expect(job.state).toBe('done');
  const destination = join(harness.dir, 'from-aws');
  await aws('s3', 'cp', '--recursive', `s3://${harness.storage.bucket}/${prefix}`, destination);
  expect(sha256(await readFile(join(destination, 'small file.txt')))).toBe(sha256(small));
  expect(sha256(await readFile(join(destination, 'large.bin')))).toBe(sha256(large));
});

test('objects the AWS CLI wrote (single and multipart) download identical with Datadesk', async () => {
  const prefix = harness.storage.addDataset('10378.1/from-aws');
  const source = join(harness.dir, 'aws-source');
  await writeTestFile(join(source, 'note ü.txt'), 'written by the AWS CLI');
  await writeTestFile(join(source, 'nested', 'large.bin'), 21 * mib + 3);
  await aws('s3', 'cp', '--recursive', source, `s3://${harness.storage.bucket}/${prefix}`);
  const destination = join(harness.dir, 'aws-back');
  const job = await downloadAndWait(harness, { datasetId: '10378.1/from-aws', destination });
  expect(job.state, job.error ?? '').toBe('done');
  expect(await treeDigest(destination)).toEqual(await treeDigest(source));
});

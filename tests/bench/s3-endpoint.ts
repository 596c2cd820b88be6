/**
 * Benchmark (not a test): the embedded S3 endpoint against MinIO in the same run, through the SDK with its
 * default checksums, as the app uses them. Prints MiB/s up and down for one 300 MiB object, files/s up and
 * down for 32 KiB files, the largest event-loop delay of this process (where the embedded endpoint runs),
 * and the embedded/MinIO ratios.
 *
 *   npx node tests/bench/s3-endpoint.ts [--large-mib 300] [--files 2000] [--only embedded|minio]
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { startS3Endpoint } from '../../server/s3/index.ts';
import { startMinio } from '../support/minio.ts';

const mebibyte = 1024 * 1024;
const { values } = parseArgs({
  options: {
    'large-mib': { type: 'string', default: '300' },
    files: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    only: { type: 'string' },
  },
});
const largeMib = Number(values['large-mib']);
const fileCount = Number(values.files);
const concurrency = Number(values.concurrency);

interface Target {
  name: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

interface Figures {
  upMiBs: number;
  downMiBs: number;
  filesUp: number;
  filesDown: number;
  /** Largest event-loop delay of each phase: large up, large down, small up, small down. */
  delaysMs: number[];
}

function chunks(count: number): Readable {
  const base = randomBytes(mebibyte);
  let index = 0;
  return new Readable({
    read() {
      if (index === count) return void this.push(null);
      const chunk = Buffer.from(base);
      chunk.writeUInt32BE(index++, 0);
      this.push(chunk);
    },
  });
}

async function inParallel(count: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function measure(target: Target): Promise<Figures> {
  const client = new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey },
  });
  const bucket = `bench-${randomBytes(4).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const delays: number[] = [];
  /** Runs one phase and returns its rate (`amount` per second); records the phase's largest loop delay. */
  const phase = async (amount: number, work: () => Promise<void>): Promise<number> => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    await work();
    const rate = amount / ((performance.now() - started) / 1000);
    delay.disable();
    delays.push(delay.max / 1e6);
    return rate;
  };
  const upMiBs = await phase(largeMib, async () => {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'large.bin',
        Body: chunks(largeMib),
        ContentLength: largeMib * mebibyte,
      }),
    );
  });
  const downMiBs = await phase(largeMib, async () => {
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'large.bin' }));
    for await (const _chunk of got.Body as Readable) {
      // Drain.
    }
  });
  const small = randomBytes(32 * 1024);
  const filesUp = await phase(fileCount, () =>
    inParallel(fileCount, async (index) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `small/${index}.bin`, Body: small }));
    }),
  );
  const filesDown = await phase(fileCount, () =>
    inParallel(fileCount, async (index) => {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `small/${index}.bin` }));
      await response.Body?.transformToByteArray();
    }),
  );
  client.destroy();
  return { upMiBs, downMiBs, filesUp, filesDown, delaysMs: delays };
}

async function embeddedTarget(): Promise<Target> {
  const folder = await mkdtemp(join(tmpdir(), 'datadesk-s3-bench-'));
  const endpoint = await startS3Endpoint({ dataDir: folder });
  return {
    name: 'embedded',
    ...endpoint,
    async stop() {
      await endpoint.close();
      // How long a start takes once the store holds this run's objects.
      const started = performance.now();
      const restarted = await startS3Endpoint({ dataDir: folder });
      const startMs = performance.now() - started;
      await restarted.close();
      console.log(`embedded  start with ${fileCount + 1} objects: ${startMs.toFixed(0)} ms`);
      await rm(folder, { recursive: true, force: true });
    },
  };
}

async function minioTarget(): Promise<Target> {
  const minio = await startMinio();
  return { name: 'minio', ...minio, stop: () => minio.stop() };
}

const results = new Map<string, Figures>();
for (const start of [embeddedTarget, minioTarget]) {
  if (values.only && !start.name.toLowerCase().startsWith(values.only)) continue;
  const target = await start();
  try {
    const figures = await measure(target);
    results.set(target.name, figures);
    console.log(
      `${target.name.padEnd(9)} ${largeMib} MiB up ${figures.upMiBs.toFixed(0)} MiB/s, down ${figures.downMiBs.toFixed(0)} MiB/s; ` +
        `${fileCount} × 32 KiB up ${figures.filesUp.toFixed(0)} files/s, down ${figures.filesDown.toFixed(0)} files/s; ` +
        `max event-loop delay in this process per phase ${figures.delaysMs.map((ms) => ms.toFixed(0)).join('/')} ms`,
    );
  } finally {
    await target.stop();
  }
}
const embedded = results.get('embedded');
const minio = results.get('minio');
if (embedded && minio) {
  const ratio = (key: 'upMiBs' | 'downMiBs' | 'filesUp' | 'filesDown') =>
    (embedded[key] / minio[key]).toFixed(2);
  console.log(
    `embedded/minio: large up ${ratio('upMiBs')}×, large down ${ratio('downMiBs')}×, ` +
      `small up ${ratio('filesUp')}×, small down ${ratio('filesDown')}×`,
  );
}

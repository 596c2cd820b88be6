/**
 * Transfer benchmark (not a test): Datadesk's engine against `aws s3 cp --recursive` and `rclone copy` on the
 * same MinIO in one run — W1 one 1 GiB file up, W2 5,000 × 32 KiB up, W3 and W4 the same down — plus the
 * endpoint's ceiling for W1 (parallel raw PUTs of the same bytes), Datadesk's peak RSS for a 10 GiB upload and
 * for 5,000 vs 100,000 files, and the time to plan a 100,000-file folder. Prints every figure and the targets.
 * MinIO keeps its objects in memory and every contestant signs with the dataset's scoped STS credentials unless
 * `--minio-on-disk` or `--peers-root-keys` say otherwise (the earlier set-up, for comparison).
 *
 *   npm run bench -- transfers      (or: npx node tests/bench/transfers/transfers.bench.ts [--quick] [--runs N]
 *                                    [--only w1,w2,w3,w4,rss,plan] [--workers N] [--minio-on-disk]
 *                                    [--peers-root-keys])
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMinio } from '../../support/minio.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { MinioDatasetStorage } from '../../support/transfer-minio-storage.ts';
import { deletePrefix, writeRandomFileSync, writeSmallFilesSync, writeSparseFileSync } from './data.ts';
import { awsCli, ceiling, datadesk, rclone, type PeerCredentials, type RunResult } from './tools.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    runs: { type: 'string' },
    only: { type: 'string' },
    workers: { type: 'string' },
    'minio-on-disk': { type: 'boolean' },
    'peers-root-keys': { type: 'boolean' },
  },
});
const quick = values.quick ?? false;
const runs = Number(values.runs ?? (quick ? 1 : 3));
const gib = 1024 ** 3;
const mib = 1024 ** 2;
const large = quick ? gib / 4 : gib;
const smallCount = quick ? 1000 : 5000;
const planCount = quick ? 20_000 : 100_000;
const rssBytes = quick ? 2 * gib : 10 * gib;
const partSize = 16 * mib;

// MinIO keeps its objects in memory (tmpfs) unless told otherwise: on this project's machine, storing each small
// object on disk cost MinIO more CPU in the kernel's inode allocator than everything else it did (perf), which
// made every contestant wait on the same disk; a real S3 service does not put that in a client's path.
const memoryFolder = '/dev/shm';
const memoryNeeded = 16 * 1024 ** 3;
const memoryFree = existsSync(memoryFolder) ? statfsSync(memoryFolder) : null;
const minioInMemory =
  !values['minio-on-disk'] && memoryFree !== null && memoryFree.bavail * memoryFree.bsize >= memoryNeeded;
const minio = await startMinio(minioInMemory ? { parent: memoryFolder } : {});
const temp = await tempDir('datadesk-bench-transfers-');
const storage = await new MinioDatasetStorage(minio, { bucket: 'bench' }).init();
const home = join(temp.path, 'home');
writeFileSync(join(temp.path, 'rclone.conf'), '');
const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  process.stdout.write(line + '\n');
};
const mibps = (bytes: number, seconds: number) => `${(bytes / mib / seconds).toFixed(0)} MiB/s`;
const perSecond = (count: number, seconds: number) => `${Math.round(count / seconds)} files/s`;
let datasetCounter = 0;
const prefixOf = (datasetId: string) => `datasets/${datasetId.replace(/[./]/g, '-')}/`;

/**
 * Lets the disk settle: writes still in the page cache (the data just generated, the previous run's objects)
 * would otherwise be flushed during the next run and slow whoever runs then.
 */
async function settle(): Promise<void> {
  spawnSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** CPU seconds MinIO has used so far (user + system), from /proc: how busy the endpoint was during a run. */
function minioCpuSeconds(): number {
  const fields = readFileSync(`/proc/${minio.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the stat line, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The dataset's scoped STS credentials, as Datadesk gets them, for a peer. */
async function peerAccess(datasetId: string, access: 'read' | 'write'): Promise<PeerCredentials> {
  if (values['peers-root-keys']) return minio;
  storage.addDataset(datasetId);
  const issued = await storage.credentials(datasetId, access);
  return { ...issued, endpoint: issued.endpoint ?? minio.endpoint, sessionToken: issued.sessionToken };
}

/**
 * Deletes what a run uploaded, and empties MinIO's trash at once: MinIO moves deleted objects there and purges it
 * slowly, which would fill the memory it keeps its objects in.
 */
async function removeObjects(prefix: string): Promise<void> {
  await deletePrefix(storage.root, storage.bucket, prefix);
  const trash = join(minio.dataDir, '.minio.sys', 'tmp', '.trash');
  for (const entry of existsSync(trash) ? readdirSync(trash) : [])
    rmSync(join(trash, entry), { recursive: true, force: true });
}

/** One contestant: runs once into a fresh dataset id (downloads ignore it and read a shared dataset). */
interface Contestant {
  name: string;
  run(datasetId: string): Promise<RunResult>;
}

/**
 * Runs the contestants in turn, `runs` rounds in rotating order, each after the disk settled; keeps each one's
 * fastest run, and the objects only of that run.
 */
async function race(
  label: string,
  contestants: Contestant[],
): Promise<Array<RunResult & { datasetId: string; minioCpu: number }>> {
  const fastest: Array<(RunResult & { datasetId: string; minioCpu: number }) | null> = contestants.map(
    () => null,
  );
  for (let round = 0; round < runs; round++) {
    // Each round starts with the next contestant, so none always runs first (or last) on a busy disk.
    const order = contestants.map((_, offset) => (round + offset) % contestants.length);
    for (const index of order) {
      const contestant = contestants[index]!;
      await settle();
      const datasetId = `bench/${label}-${contestant.name}-${++datasetCounter}`;
      const cpuBefore = minioCpuSeconds();
      const result = { ...(await contestant.run(datasetId)), datasetId, minioCpu: 0 };
      result.minioCpu = minioCpuSeconds() - cpuBefore;
      const previous = fastest[index];
      if (!previous || result.seconds < previous.seconds) {
        if (previous) await removeObjects(prefixOf(previous.datasetId));
        fastest[index] = result;
      } else await removeObjects(prefixOf(datasetId));
    }
  }
  return fastest as Array<RunResult & { datasetId: string; minioCpu: number }>;
}

/** A run's options; the data store's answers are fetched before the run, as for the peers. */
async function engineOptions(
  datasetId: string,
  extra: { mode: 'upload' | 'download' | 'plan'; source?: string },
) {
  storage.addDataset(datasetId);
  return {
    datasetId,
    location: await storage.locate(datasetId),
    credentials: await storage.credentials(datasetId, extra.mode === 'download' ? 'read' : 'write'),
    stateDir: join(temp.path, `state-${datasetId.replace(/\W/g, '-')}-${++datasetCounter}`),
    ...(values.workers ? { workers: Number(values.workers) } : {}),
    ...extra,
  };
}

async function uploads(label: string, source: string, bytes: number, files: number) {
  const [ours, aws, clone] = await race(label, [
    { name: 'datadesk', run: async (id) => datadesk(await engineOptions(id, { mode: 'upload', source })) },
    {
      name: 'aws',
      run: async (id) =>
        awsCli(await peerAccess(id, 'write'), home, [
          's3',
          'cp',
          '--recursive',
          '--quiet',
          source,
          `s3://${storage.bucket}/${prefixOf(id)}`,
        ]),
    },
    {
      name: 'rclone',
      run: async (id) =>
        rclone(await peerAccess(id, 'write'), temp.path, [
          'copy',
          source,
          `:s3:${storage.bucket}/${prefixOf(id)}`,
        ]),
    },
  ]);
  if (ours!.report?.state !== 'done')
    throw new Error(`Datadesk ${label} did not finish: ${JSON.stringify(ours!.report)}`);
  // Datadesk's copy is the download workloads' source; the peers' are not needed.
  for (const peer of [aws!, clone!]) await removeObjects(prefixOf(peer.datasetId));
  return report(label, 'up', bytes, files, ours!, aws!, clone!);
}

async function downloads(label: string, datasetId: string, bytes: number, files: number) {
  // Every run writes into a folder of its own. Many small files are kept until the race is over: on a file
  // system without a journal (this project's machine), ext4 skips inodes freed in the last minutes when it
  // allocates new ones, scanning past each of them, so deleting the previous run's 5,000 files before a run
  // added seconds of kernel time to whoever ran next (users do not download right after deleting thousands of
  // files). A single large file is deleted at once: keeping gigabytes made later runs fault in fresh memory
  // for the page cache on this VM, which cost them up to a second more kernel time.
  const runsFolder = join(temp.path, 'down', label);
  let runCount = 0;
  const once = async (name: string, run: (destination: string) => Promise<RunResult>) => {
    await settle();
    const destination = join(runsFolder, `${name}-${++runCount}`);
    const result = await run(destination);
    if (files === 1) rmSync(destination, { recursive: true, force: true });
    return result;
  };
  const source = `${storage.bucket}/${prefixOf(datasetId)}`;
  const [ours, aws, clone] = await race(label, [
    {
      name: 'datadesk',
      run: async () => {
        const options = await engineOptions(datasetId, { mode: 'download' });
        return once('datadesk', (destination) => datadesk({ ...options, destination }));
      },
    },
    {
      name: 'aws',
      run: async () => {
        const access = await peerAccess(datasetId, 'read');
        return once('aws', (destination) =>
          awsCli(access, home, ['s3', 'cp', '--recursive', '--quiet', `s3://${source}`, destination]),
        );
      },
    },
    {
      name: 'rclone',
      run: async () => {
        const access = await peerAccess(datasetId, 'read');
        return once('rclone', (destination) =>
          rclone(access, temp.path, ['copy', `:s3:${source}`, destination]),
        );
      },
    },
  ]);
  rmSync(runsFolder, { recursive: true, force: true });
  if (ours!.report?.state !== 'done')
    throw new Error(`Datadesk ${label} did not finish: ${JSON.stringify(ours!.report)}`);
  return report(label, 'down', bytes, files, ours!, aws!, clone!);
}

type Raced = RunResult & { minioCpu: number };

function report<T extends Raced>(
  label: string,
  direction: string,
  bytes: number,
  files: number,
  ours: T,
  aws: Raced,
  clone: Raced,
) {
  const rate = (result: RunResult) =>
    files > 1
      ? `${perSecond(files, result.seconds)}, ${mibps(bytes, result.seconds)}`
      : mibps(bytes, result.seconds);
  say(
    `${label} ${direction}: Datadesk ${ours.seconds.toFixed(2)} s (${rate(ours)}, peak RSS ${((ours.report?.maxRssBytes as number) / mib).toFixed(0)} MiB) | aws ${aws.seconds.toFixed(2)} s (${rate(aws)}) | rclone ${clone.seconds.toFixed(2)} s (${rate(clone)})`,
  );
  // Where Datadesk's time goes: the job itself, and the process around it (Node start, loading, exit).
  const jobSeconds = ours.report?.seconds as number;
  say(
    `${label} ${direction}: Datadesk's job took ${jobSeconds.toFixed(2)} s of its ${ours.seconds.toFixed(2)} s; process start and exit ${(ours.seconds - jobSeconds).toFixed(2)} s`,
  );
  // How busy the endpoint was: MinIO's CPU seconds per second of each run, out of the machine's cores.
  const busy = (result: Raced) => `${(result.minioCpu / result.seconds).toFixed(2)} cores`;
  say(
    `${label} ${direction}: MinIO's CPU during each run: Datadesk ${ours.minioCpu.toFixed(1)} s (${busy(ours)}) | aws ${aws.minioCpu.toFixed(1)} s (${busy(aws)}) | rclone ${clone.minioCpu.toFixed(1)} s (${busy(clone)}) of ${availableParallelism()} cores`,
  );
  return {
    ours,
    aws: aws.seconds / ours.seconds,
    rclone: clone.seconds / ours.seconds,
    fasterPeer: Math.min(aws.seconds, clone.seconds) / ours.seconds,
  };
}

const verdicts: string[] = [];
const check = (met: boolean, text: string) => verdicts.push(`${met ? 'MET    ' : 'NOT MET'} ${text}`);
const only = values.only?.split(',');
const wanted = (name: string) => !only || only.includes(name);

try {
  say(
    `Transfer benchmark on ${minio.endpoint} (MinIO, objects ${minioInMemory ? 'in memory' : 'on disk'}; ${values['peers-root-keys'] ? "Datadesk signs with the dataset's scoped STS credentials, the peers with MinIO's root keys" : "every contestant signs with the dataset's scoped STS credentials"}): contestants take turns in rotating order, ${runs} round(s), disk synced before each run, fastest kept; times include process start.`,
  );
  const largeFile = join(temp.path, 'w1', 'large.bin');
  writeRandomFileSync(largeFile, large);
  const smallFolder = join(temp.path, 'w2');
  writeSmallFilesSync(smallFolder, smallCount, 32 * 1024);
  await settle();

  if (wanted('w1')) {
    const w1 = await uploads('W1', join(temp.path, 'w1'), large, 1);
    await settle();
    const top = await ceiling(
      await peerAccess('bench/ceiling', 'write'),
      storage.bucket,
      prefixOf('bench/ceiling'),
      readFileSync(largeFile),
      partSize,
      runs,
      removeObjects,
    );
    say(
      `W1 ceiling: parallel raw PUTs of the same bytes from memory ${top.seconds.toFixed(2)} s (${mibps(large, top.seconds)}, ${top.concurrency} in flight, ${top.client} client)`,
    );
    // The ceiling is timed inside this running process, so the like-for-like figure is Datadesk's job alone (as
    // in the app, where transfers start in a running process); the whole process, Node's start included, is
    // printed beside it.
    const ofCeiling = (run: Raced) => ({
      job: top.seconds / (run.report?.seconds as number),
      whole: top.seconds / run.seconds,
    });
    // One decimal: a verdict must not read "70%" next to NOT MET.
    const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
    const w1Ceiling = ofCeiling(w1.ours);
    say(
      `W1 ratios: ${w1.aws.toFixed(2)}× aws, ${w1.rclone.toFixed(2)}× rclone, ${percent(w1Ceiling.job)} of the ceiling (the job; ${percent(w1Ceiling.whole)} with process start and exit)`,
    );
    check(w1.fasterPeer >= 1.2, `W1 ≥ 1.2× the faster peer (${w1.fasterPeer.toFixed(2)}×)`);
    check(
      w1Ceiling.job >= 0.7,
      `W1 ≥ 70% of the endpoint ceiling (the job ${percent(w1Ceiling.job)}; whole process ${percent(w1Ceiling.whole)})`,
    );
    if (wanted('w3')) {
      const w3 = await downloads('W3', w1.ours.datasetId, large, 1);
      const w3Ceiling = ofCeiling(w3.ours);
      say(`W3 ratios: ${w3.aws.toFixed(2)}× aws, ${w3.rclone.toFixed(2)}× rclone`);
      check(w3.fasterPeer >= 1.2, `W3 ≥ 1.2× the faster peer (${w3.fasterPeer.toFixed(2)}×)`);
      check(
        w3Ceiling.job >= 0.7,
        `W3 ≥ 70% of the W1 endpoint ceiling (the job ${percent(w3Ceiling.job)}; whole process ${percent(w3Ceiling.whole)})`,
      );
    }
  }
  let smallRss = 0;
  if (wanted('w2')) {
    const w2 = await uploads('W2', smallFolder, smallCount * 32 * 1024, smallCount);
    smallRss = w2.ours.report?.maxRssBytes as number;
    say(`W2 ratios: ${w2.aws.toFixed(2)}× aws, ${w2.rclone.toFixed(2)}× rclone`);
    check(w2.aws >= 3, `W2 ≥ 3× aws (${w2.aws.toFixed(2)}×)`);
    check(w2.rclone >= 1.5, `W2 ≥ 1.5× rclone (${w2.rclone.toFixed(2)}×)`);
    if (wanted('w4')) {
      const w4 = await downloads('W4', w2.ours.datasetId, smallCount * 32 * 1024, smallCount);
      say(`W4 ratios: ${w4.aws.toFixed(2)}× aws, ${w4.rclone.toFixed(2)}× rclone`);
      check(w4.aws >= 3, `W4 ≥ 3× aws (${w4.aws.toFixed(2)}×)`);
      check(w4.rclone >= 1.5, `W4 ≥ 1.5× rclone (${w4.rclone.toFixed(2)}×)`);
    }
  }
  rmSync(join(temp.path, 'w1'), { recursive: true, force: true });

  if (wanted('rss')) {
    const sparse = join(temp.path, 'rss', 'ten.bin');
    writeSparseFileSync(sparse, rssBytes);
    await settle();
    const run = await datadesk(
      await engineOptions('bench/rss', { mode: 'upload', source: join(temp.path, 'rss') }),
    );
    await removeObjects(prefixOf('bench/rss'));
    rmSync(join(temp.path, 'rss'), { recursive: true, force: true });
    const peak = (run.report?.maxRssBytes as number) / mib;
    say(
      `RSS: ${(rssBytes / gib).toFixed(0)} GiB upload (sparse file) in ${run.seconds.toFixed(1)} s (${mibps(rssBytes, run.seconds)}), peak RSS ${peak.toFixed(0)} MiB`,
    );
    check(
      peak <= 300,
      `peak RSS ≤ 300 MiB for a ${(rssBytes / gib).toFixed(0)} GiB upload (${peak.toFixed(0)} MiB)`,
    );
  }

  if (wanted('plan')) {
    const folder = join(temp.path, 'plan');
    const generated = performance.now();
    writeSmallFilesSync(folder, planCount, 1);
    say(
      `Planning: ${planCount.toLocaleString('en')} files generated in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
    );
    await settle();
    const run = await datadesk(await engineOptions('bench/plan', { mode: 'plan', source: folder }));
    rmSync(folder, { recursive: true, force: true });
    await removeObjects(prefixOf('bench/plan'));
    const seconds = run.report?.planningSeconds as number;
    const peak = (run.report?.maxRssBytes as number) / mib;
    say(
      `Planning: ${planCount.toLocaleString('en')}-file folder planned in ${seconds.toFixed(2)} s, peak RSS ${peak.toFixed(0)} MiB (vs ${(smallRss / mib).toFixed(0)} MiB for ${smallCount.toLocaleString('en')} files)`,
    );
    check(seconds <= 10, `planning ${planCount.toLocaleString('en')} files ≤ 10 s (${seconds.toFixed(2)} s)`);
    if (smallRss > 0)
      check(
        peak <= Math.max(300, (smallRss / mib) * 1.5),
        `RSS flat in the number of files (${(smallRss / mib).toFixed(0)} → ${peak.toFixed(0)} MiB)`,
      );
  }
  say('');
  for (const verdict of verdicts) say(verdict);
} finally {
  storage.destroy();
  await minio.stop();
  await temp.remove();
}

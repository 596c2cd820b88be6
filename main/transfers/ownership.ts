/**
 * Who runs a job: the app, a CLI command and tests share one job database, so each running engine claims the
 * jobs it runs; a claim lapses when its holder stops sending heartbeats or its process is gone.
 */

/** A claim without a heartbeat for this long is abandoned. */
export const staleOwnerMs = 30_000;

/** Whether the process behind an owner tag (`host:pid:random`) on this machine is still running. */
export function ownerAlive(owner: string): boolean {
  const pid = Number(owner.split(':')[1]);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Write-through: the data store's own answer after mint, update, revert, version and release goes into the
 * catalog at once, so lists and reviews show the change without waiting for the next sync. Every fetch of a
 * dataset refreshes its row (and the caller's roles) too. Actions known to be offline are refused up front,
 * after a quick check that the data store is still unreachable.
 */
import type { CallOutput, ParsedInput } from '../../preload/contract.ts';
import { AppError, type Logger } from '../core/index.ts';
import type { CallContext, Handlers } from '../ipc/index.ts';
import type { FetchedDataset } from './item.ts';
import { ReachabilityGuard } from './reachability.ts';
import type { CatalogService } from './service.ts';

type WrittenThrough =
  | 'datasets.fetch'
  | 'datasets.mint'
  | 'datasets.updateMetadata'
  | 'datasets.revert'
  | 'datasets.version'
  | 'release.requestApproval'
  | 'release.actionApproval';

/** What write-through needs from the data store in use. */
export interface WriteThroughOptions {
  catalog: CatalogService;
  /** The profile the handlers act on now, and a fetch of one of its datasets. */
  current(): { profileId: string; fetchDataset(id: string, signal: AbortSignal): Promise<FetchedDataset> };
  /** A quick "does the data store answer now?" (the health route), tried before refusing an action as offline. */
  probe(signal: AbortSignal): Promise<boolean>;
  /** The app's guard for actions that need the data store (one is made from `probe` when absent). */
  guard?: ReachabilityGuard;
  logger: Logger;
}

/** How long the fetch after an action may take; it outlives the caller's signal so the catalog still learns. */
const followUpTimeoutMs = 30_000;

/** Wraps the data store handlers so their answers reach the catalog. */
export function withWriteThrough<H extends Pick<Handlers, WrittenThrough>>(
  handlers: H,
  options: WriteThroughOptions,
): H {
  const { catalog, logger } = options;
  const guard =
    options.guard ??
    new ReachabilityGuard({
      catalog,
      profileId: () => options.current().profileId,
      probe: options.probe,
      logger,
    });

  /** Runs an action, then records the datasets it changed (a failed follow-up only delays them to a sync). */
  const act = async <N extends WrittenThrough>(
    name: N,
    action: string,
    input: ParsedInput<N>,
    context: CallContext,
    changed: (output: CallOutput<N>) => string[],
  ): Promise<CallOutput<N>> => {
    const current = options.current();
    const output = await guard.run(
      action,
      context.signal,
      async () => (await handlers[name](input as never, context)) as CallOutput<N>,
    );
    const ids = changed(output);
    try {
      const signal = AbortSignal.timeout(followUpTimeoutMs);
      const answers = await Promise.all(ids.map((id) => current.fetchDataset(id, signal)));
      await catalog.recordFetched(current.profileId, answers);
    } catch (error) {
      logger.warn('catalog.write_through_failed', { profileId: current.profileId, action: name, ids, error });
      catalog.syncSoon(current.profileId);
    }
    return output;
  };

  return {
    ...handlers,
    'datasets.fetch': async (input, context) => {
      const { profileId } = options.current();
      try {
        const output = await guard.run('Opening the dataset from the data store', context.signal, async () =>
          handlers['datasets.fetch'](input, context),
        );
        await catalog.recordFetched(profileId, {
          item: output.item,
          roles: output.roles,
          locked: output.locked,
        });
        return output;
      } catch (error) {
        // Provena answers an unknown (deleted) id with 400, mapped to not_found: the catalog forgets it.
        // A 404 is a wrong address or a proxy's page, never a verdict on the dataset: keep the row.
        if (error instanceof AppError && error.code === 'not_found' && answeredWithStatus(error, 400))
          await catalog.forget(profileId, [input.id]);
        throw error;
      }
    },
    'datasets.mint': (input, context) =>
      act('datasets.mint', 'Minting a dataset', input, context, (output) =>
        output.handle ? [output.handle] : [],
      ),
    'datasets.updateMetadata': (input, context) =>
      act('datasets.updateMetadata', 'Saving metadata', input, context, () => [input.id]),
    'datasets.revert': (input, context) =>
      act('datasets.revert', 'Reverting', input, context, () => [input.id]),
    'datasets.version': (input, context) =>
      act('datasets.version', 'Creating a version', input, context, (output) => [
        input.id,
        output.new_version_id,
      ]),
    'release.requestApproval': (input, context) =>
      act('release.requestApproval', 'Requesting approval', input, context, () => [input.datasetId]),
    'release.actionApproval': (input, context) =>
      act('release.actionApproval', 'Reviewing', input, context, () => [input.datasetId]),
  };
}

/** True when the data store's own HTTP answer had this status (AppError details carry it). */
function answeredWithStatus(error: AppError, status: number): boolean {
  const details = error.details as { status?: unknown } | undefined;
  return details?.status === status;
}

/**
 * The renderer is untrusted: every call's input is bounded, and hostile inputs are refused by the real router
 * with `invalid` before any handler runs. The cases come from the contract's own schemas, so a new call is
 * covered as soon as it is declared; one the walk cannot cover fails here until its case is listed below.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/index.ts';
import { createRouter, type Handlers } from '../../../main/ipc/index.ts';
import { callNames, calls, type CallName } from '../../../preload/contract.ts';
import { bridgeLimits } from '../../../preload/contract/bounds.ts';
import { auditInput, type Allowance } from './schema-audit.ts';
import { planMutations, type Mutation } from './schema-mutations.ts';
import { trySampleOf } from './schema-nodes.ts';

/** Fields allowed past the default limits, each with its reason. */
const allowances: Allowance[] = [
  {
    at: 'auth.importOfflineToken:token',
    max: 20_000,
    why: 'an offline token is a JWT that grows with its roles',
  },
  {
    at: 'datasets.mint:metadata.dataset_info.spatial_info.coverage',
    max: 50_000,
    why: 'EWKT polygons (Provena allows 50,000)',
  },
  { at: 'datasets.mint:metadata.dataset_info.spatial_info.extent', max: 50_000, why: 'EWKT' },
  { at: 'datasets.validate:metadata.dataset_info.spatial_info.coverage', max: 50_000, why: 'EWKT' },
  { at: 'datasets.validate:metadata.dataset_info.spatial_info.extent', max: 50_000, why: 'EWKT' },
  { at: 'datasets.updateMetadata:metadata.dataset_info.spatial_info.coverage', max: 50_000, why: 'EWKT' },
  { at: 'datasets.updateMetadata:metadata.dataset_info.spatial_info.extent', max: 50_000, why: 'EWKT' },
  {
    at: 'transfers.startUpload:sources',
    max: 10_000,
    why: 'top-level items of one drop; the 4 MiB message cap still applies',
  },
  {
    at: 'transfers.startBrowserUpload:files',
    max: 200_000,
    why: 'the files of a browser drop (or their first batch); the 4 MiB message cap still applies',
  },
  {
    at: 'transfers.addBrowserFiles:files',
    max: 5_000,
    why: 'the next batch of a browser drop; the 4 MiB message cap still applies',
  },
];

/** Valid inputs for calls the generator cannot build one for (none yet). */
const listedInputs: Partial<Record<CallName, unknown>> = {};

/** Hostile inputs for the parts of a call the walk cannot cover (none yet). */
const listedMutations: Partial<Record<CallName, Mutation[]>> = {};

const preCheckReasons = new Set(['too_large', 'too_deep', 'forbidden_key', 'not_plain_data']);

function recordingRouter() {
  const reached: string[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_target, name: string) => () => {
      reached.push(name);
      return {};
    },
  });
  return { router: createRouter(handlers, silentLogger), reached };
}

const context = () => ({ signal: new AbortController().signal, transport: 'direct' as const });

function validInput(name: CallName): unknown {
  if (name in listedInputs) return listedInputs[name];
  const sample = trySampleOf(calls[name].input);
  if (!sample.ok)
    throw new Error(`Cannot build a valid input for "${name}" (${sample.reason}); list one in listedInputs.`);
  return sample.value ?? {};
}

/** Why the router's answer to `mutation` is not a proper refusal, or null when it is. */
function wrongAnswer(
  result: Awaited<ReturnType<ReturnType<typeof createRouter>['dispatch']>>,
  reached: string[],
  mutation: Mutation,
) {
  if (reached.length > 0) return 'reached the handler';
  if (result.ok) return 'was accepted';
  if (result.error.code !== 'invalid') return `answered ${result.error.code}: ${result.error.message}`;
  const details = result.error.details as { reason?: string; issues?: Array<{ path: string[] }> };
  if (details.reason) return preCheckReasons.has(details.reason) ? null : `unknown reason ${details.reason}`;
  const pointsInside = (details.issues ?? []).some((issue) =>
    mutation.path.every((segment, index) => issue.path[index] === segment),
  );
  return pointsInside ? null : `refused for another reason: ${JSON.stringify(details.issues).slice(0, 300)}`;
}

describe('bridge inputs', () => {
  it('cover the whole contract (a sanity check of what the walk sees)', () => {
    expect(callNames.length).toBeGreaterThan(50);
    const plans = callNames.map((name) => planMutations(calls[name].input).mutations.length);
    expect(plans.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(1_000);
  });

  it.each(callNames)('bound every string, list, record and number of %s', (name) => {
    const limits = {
      text: bridgeLimits.text,
      list: bridgeLimits.list,
      recordKeys: bridgeLimits.recordKeys,
      opaqueJsonBytes: bridgeLimits.opaqueJsonBytes,
    };
    expect(auditInput(name, calls[name].input, limits, allowances)).toEqual([]);
  });

  it.each(callNames)('let a small valid input to %s reach its handler', async (name) => {
    const { router, reached } = recordingRouter();
    const result = await router.dispatch(name, validInput(name), context());
    expect(result).toEqual({ ok: true, value: {} });
    expect(reached).toEqual([name]);
  });

  it.each(callNames)(
    'refuse oversize, wrong-type and hostile inputs to %s before its handler',
    async (name) => {
      const plan = planMutations(calls[name].input);
      const listed = listedMutations[name];
      if (plan.uncovered.length > 0 && !listed) {
        throw new Error(
          `The walk cannot cover parts of "${name}": ${plan.uncovered.join('; ')}. List cases in listedMutations.`,
        );
      }
      const valid = validInput(name) as Record<string, unknown>;
      const whole: Mutation[] = [
        {
          path: [],
          label: 'an input over 4 MiB',
          make: () => ({ ...valid, padding: 'x'.repeat(bridgeLimits.messageBytes + 1) }),
        },
        { path: [], label: 'an input nested 100,000 levels deep', make: () => nestedObject(100_000) },
      ];
      const failures: string[] = [];
      for (const mutation of [...plan.mutations, ...whole, ...(listed ?? [])]) {
        const { router, reached } = recordingRouter();
        const result = await router.dispatch(name, mutation.make(), context());
        const problem = wrongAnswer(result, reached, mutation);
        if (problem) failures.push(`${mutation.path.join('.') || '(input)'} — ${mutation.label}: ${problem}`);
      }
      expect(failures).toEqual([]);
    },
  );
});

function nestedObject(levels: number): unknown {
  let value: unknown = {};
  for (let level = 0; level < levels; level++) value = { nested: value };
  return value;
}

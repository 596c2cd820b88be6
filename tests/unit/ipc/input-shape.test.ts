import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/index.ts';
import { createRouter, type Handlers } from '../../../main/ipc/index.ts';
import { bridgeLimits } from '../../../preload/contract/bounds.ts';

const context = () => ({ signal: new AbortController().signal, transport: 'electron' as const });

/** A router whose every handler records that it ran. */
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

/** What Electron's IPC hands main: a structured clone of what the renderer passed. */
const overIpc = <T>(value: T): T => structuredClone(value);

async function refusal(name: string, input: unknown) {
  const { router, reached } = recordingRouter();
  const result = await router.dispatch(name, input, context());
  expect(reached).toEqual([]);
  if (result.ok) throw new Error(`"${name}" accepted the input`);
  expect(result.error.code).toBe('invalid');
  return result.error as { message: string; details: { reason?: string; path?: string[] } };
}

describe('bridge input shape', () => {
  it('refuses an input larger than 4 MiB with a message that says how to fix it', async () => {
    const files = Array.from({ length: 100_000 }, (_, index) => ({
      relativePath: `folder/${index}/data-file.csv`,
      size: 1,
    }));
    const error = await refusal('transfers.startBrowserUpload', overIpc({ datasetId: 'd', files }));
    expect(error.details.reason).toBe('too_large');
    expect(error.message).toContain('transfers.startBrowserUpload');
    expect(error.message).toContain('4 MiB');
    expect(error.message).toMatch(/fewer files/);
  });

  it('refuses one string longer than the limit without reading it all', async () => {
    const error = await refusal('catalog.dataset', { id: 'x'.repeat(bridgeLimits.messageBytes + 1) });
    expect(error.details.reason).toBe('too_large');
  });

  it('lets a large input under the limit through to its handler', async () => {
    const { router, reached } = recordingRouter();
    const sources = Array.from({ length: 10_000 }, (_, index) => ({
      path: `/home/researcher/surveys/2026/site-${index}/field-readings-photographs-and-notes`,
      contentsOnly: false,
    }));
    expect(JSON.stringify(sources).length).toBeGreaterThan(1024 * 1024);
    const result = await router.dispatch(
      'transfers.startUpload',
      overIpc({ datasetId: 'd', sources }),
      context(),
    );
    expect(result.ok).toBe(true);
    expect(reached).toEqual(['transfers.startUpload']);
  });

  it('refuses a cyclic input (structured clones keep cycles)', async () => {
    const key: Record<string, unknown> = { id: 'x' };
    key.self = key;
    const error = await refusal('datasets.list', overIpc({ paginationKey: key }));
    expect(error.details.reason).toBe('too_deep');
  });

  it('refuses an input whose shared references would make its JSON form explode', async () => {
    let node: unknown = 'leaf';
    for (let level = 0; level < 30; level++) node = { left: node, right: node };
    const error = await refusal('datasets.list', overIpc({ paginationKey: node }));
    expect(error.details.reason).toBe('too_large');
  });

  it('refuses a sparse list a billion entries long', async () => {
    const error = await refusal('registry.names', overIpc({ ids: new Array(1_000_000_000) }));
    expect(error.details.reason).toBe('too_large');
  });

  it('refuses nesting deeper than the limit and says where it stopped', async () => {
    let nested: unknown = {};
    for (let level = 0; level < 100_000; level++) nested = { a: nested };
    const error = await refusal('datasets.list', { paginationKey: nested });
    expect(error.details.reason).toBe('too_deep');
    expect(error.details.path?.slice(0, 3)).toEqual(['paginationKey', 'a', 'a']);
    expect(error.message).toContain(`${bridgeLimits.depth} levels`);
  });

  it('refuses a __proto__ key anywhere, as JSON.parse creates it', async () => {
    const input: unknown = JSON.parse('{"paginationKey":{"id":"x","__proto__":{"polluted":true}}}');
    const error = await refusal('datasets.list', input);
    expect(error.details).toMatchObject({ reason: 'forbidden_key', path: ['paginationKey', '__proto__'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['a Map', new Map([['id', 'x']])],
    ['a Date', new Date(0)],
    ['a typed array', new Uint8Array(4)],
    ['a bigint', 10n],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('refuses %s where any JSON value is allowed', async (_label, value) => {
    const error = await refusal('datasets.list', overIpc({ paginationKey: { id: value } }));
    expect(error.details.reason).toBe('not_plain_data');
    expect(error.details.path).toEqual(['paginationKey', 'id']);
  });

  it('refuses a value that throws when read (direct callers only)', async () => {
    const input = {
      get id(): string {
        throw new Error('boom');
      },
    };
    const error = await refusal('catalog.dataset', input);
    expect(error.details.reason).toBe('not_plain_data');
  });
});

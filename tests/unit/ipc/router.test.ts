import { describe, expect, it } from 'vitest';
import { silentLogger, AppError } from '../../../main/core/index.ts';
import { createRouter, type Handlers } from '../../../main/ipc/index.ts';

const context = () => ({ signal: new AbortController().signal, transport: 'direct' as const });

function routerWith(overrides: Partial<Handlers>) {
  const handlers = new Proxy(overrides as Handlers, {
    get: (target, name: string) => target[name as keyof Handlers] ?? (() => ({ ok: true })),
  });
  return createRouter(handlers, silentLogger);
}

describe('router', () => {
  it('answers an unknown call with an invalid error instead of throwing', async () => {
    const result = await routerWith({}).dispatch('nope.nothing', {}, context());
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid', message: 'Unknown call.' } });
  });

  it('refuses a non-string call name', async () => {
    const result = await routerWith({}).dispatch({ toString: 1 }, {}, context());
    expect(result.ok).toBe(false);
  });

  it('answers invalid input with invalid and the failing path, without reaching the handler', async () => {
    let reached = false;
    const router = routerWith({
      'app.openExternal': () => {
        reached = true;
        return { opened: true };
      },
    });
    const result = await router.dispatch('app.openExternal', { url: 'javascript:alert(1)' }, context());
    expect(reached).toBe(false);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } });
    if (!result.ok) expect(JSON.stringify(result.error.details)).toContain('url');
  });

  it('answers invalid, without reaching the handler, when validating the input throws', async () => {
    let reads = 0;
    let reached = false;
    const router = routerWith({
      'catalog.dataset': () => {
        reached = true;
        return undefined as never;
      },
    });
    // Read once by the shape check, then throws when the schema reads it.
    const input = {
      get id() {
        if (++reads > 1) throw new Error('read twice');
        return 'dataset-1';
      },
    };
    const result = await router.dispatch('catalog.dataset', input, context());
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringContaining('could not be checked') },
    });
    expect(reached).toBe(false);
  });

  it('refuses unknown extra fields in an input', async () => {
    const result = await routerWith({}).dispatch('app.info', { sneaky: true }, context());
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('maps an AppError thrown by a handler to its code and message', async () => {
    const router = routerWith({
      'datastore.health': () => {
        throw new AppError('network', 'The data store cannot be reached.');
      },
    });
    const result = await router.dispatch('datastore.health', {}, context());
    expect(result).toEqual({
      ok: false,
      error: { code: 'network', message: 'The data store cannot be reached.' },
    });
  });

  it('hides unexpected exceptions behind a server error', async () => {
    const router = routerWith({
      'datastore.health': () => {
        throw new TypeError('x is undefined');
      },
    });
    const result = await router.dispatch('datastore.health', {}, context());
    expect(result).toMatchObject({ ok: false, error: { code: 'server', details: 'x is undefined' } });
  });

  it('reports a call aborted by its caller as cancelled', async () => {
    const controller = new AbortController();
    const router = routerWith({
      'datastore.health': (_input, { signal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('stopped'))),
        ),
    });
    const pending = router.dispatch(
      'datastore.health',
      {},
      { signal: controller.signal, transport: 'direct' },
    );
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('returns the handler value for a valid call', async () => {
    const router = routerWith({ 'app.openExternal': ({ url }) => ({ opened: url.startsWith('https://') }) });
    expect(await router.dispatch('app.openExternal', { url: 'https://example.org/x' }, context())).toEqual({
      ok: true,
      value: { opened: true },
    });
  });
});

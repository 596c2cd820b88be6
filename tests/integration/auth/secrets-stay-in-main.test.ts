/**
 * Tokens live in main only: a whole session through the web host (add a data store, sign in with the device
 * flow, use the data store, import an offline token, sign out) while every log line and every WebSocket frame is
 * captured, then searched for every token the issuer handed out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../../main/core/index.ts';
import { memorySecretStore } from '../../../main/secrets/index.ts';
import { createApp, type App } from '../../../main/services.ts';
import type { WebHost } from '../../../main/web/index.ts';
import { startAppHost } from '../../../main/web/serve.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { startOidcIssuer, type OidcIssuer } from '../../support/oidc-issuer.ts';
import { startHarness, type Harness } from '../../support/server-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';

let issuer: OidcIssuer;
let harness: Harness;
let app: App;
let host: WebHost;
let socket: WebSocket;
let removeDir: () => Promise<void>;
const logLines: string[] = [];
const framesIn: string[] = [];
const framesOut: string[] = [];
const results = new Map<string, (result: { ok: boolean; value?: unknown; error?: unknown }) => void>();
const events: { stream: string; payloads: unknown[] }[] = [];
let counter = 0;

/** Calls main over the web host's WebSocket, as the renderer does. */
async function bridgeCall<T>(name: string, input: unknown): Promise<T> {
  const id = `t${++counter}`;
  const frame = JSON.stringify({ t: 'call', id, name, input });
  framesOut.push(frame);
  const result = await new Promise<{ ok: boolean; value?: unknown; error?: unknown }>((resolve) => {
    results.set(id, resolve);
    socket.send(frame);
  });
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function waitForEvent(
  test: (stream: string, payload: unknown) => boolean,
  timeoutMs = 30_000,
): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const event of events) {
      const found = event.payloads.find((payload) => test(event.stream, payload));
      if (found) return found;
    }
    if (Date.now() > deadline) throw new Error('event never came');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  issuer = await startOidcIssuer();
  harness = await startHarness({
    storage: { kind: 'embedded' },
    users: [{ username: 'alice', roles: ['entity-registry-read', 'entity-registry-write'] }],
    config: { auth: { mode: 'oidc', issuer: issuer.realmUrl } },
  });
  const dir = await tempDir('datadesk-leak-');
  removeDir = dir.remove;
  const logger = createLogger({ level: 'debug', sinks: [(line) => logLines.push(line)] });
  app = await createApp({ host: 'web', dataDir: dir.path, logger, secrets: memorySecretStore(null) });
  host = await startAppHost(app, { rendererDir: dir.path });
  socket = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}`, {
    headers: { origin: host.origin },
  });
  socket.on('message', (data) => {
    const text = data.toString();
    framesIn.push(text);
    const message = JSON.parse(text) as {
      t: string;
      id?: string;
      result?: never;
      stream?: string;
      payloads?: unknown[];
    };
    if (message.t === 'result' && message.id) results.get(message.id)?.(message.result as never);
    if (message.t === 'event')
      events.push({ stream: message.stream ?? '', payloads: message.payloads ?? [] });
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
});

afterAll(async () => {
  socket?.close();
  await host?.dispose();
  await app?.dispose();
  await harness?.stop();
  await issuer?.stop();
  await removeDir?.();
});

describe('secrets never leave main', () => {
  it('runs a whole session without any token in a log line or a bridge message', async () => {
    const profile = await bridgeCall<{ id: string }>('profiles.add', {
      name: 'Team store',
      dataApiUrl: harness.url,
      issuerUrl: issuer.realmUrl,
    });
    await bridgeCall('profiles.switch', { id: profile.id });
    const started = await bridgeCall<{ pending: { verificationUriComplete: string } }>('auth.signIn', {
      profileId: profile.id,
      method: 'device',
    });
    await issuer.completeDeviceLogin(started.pending.verificationUriComplete, 'alice');
    await waitForEvent(
      (stream, payload) =>
        stream === 'auth.state' &&
        (payload as { status: string; personId: string | null }).personId === harness.personIds.alice,
    );

    const minted = await bridgeCall<{ handle: string; register_create_activity_session_id: string }>(
      'datasets.mint',
      {
        metadata: validCollectionFormat(harness.organisationId, 'Leak check'),
      },
    );
    await bridgeCall('datasets.fetch', { id: minted.handle });
    await bridgeCall('jobs.fetch', { sessionId: minted.register_create_activity_session_id });
    await bridgeCall('datasets.presignedUrl', { datasetId: minted.handle, filePath: 'metadata.json' });
    await bridgeCall('auth.overview', {});
    await bridgeCall('auth.signOut', { profileId: profile.id });

    const offlineToken = await issuer.issueOfflineToken('alice');
    await bridgeCall('auth.importOfflineToken', {
      profileId: profile.id,
      token: offlineToken,
      clientId: 'automated-access',
    });
    await waitForEvent((stream, payload) => {
      const state = payload as { method: string | null; personId: string | null };
      return (
        stream === 'auth.state' && state.method === 'offline' && state.personId === harness.personIds.alice
      );
    });
    await bridgeCall('datasets.fetch', { id: minted.handle });
    await bridgeCall('auth.signOut', { profileId: profile.id });

    const issued = issuer.issuedTokens();
    expect(issued.length).toBeGreaterThanOrEqual(6);
    const logs = logLines.join('\n');
    const fromMain = framesIn.join('\n');
    const toMain = framesOut.join('\n');
    expect(logs).toContain('auth.signed_in');
    expect(fromMain).toContain('"status":"signed-in"');
    for (const token of issued) {
      expect(logs.includes(token), 'a token reached the log').toBe(false);
      expect(fromMain.includes(token), 'a token crossed the bridge to the renderer').toBe(false);
      // Only the offline token the person pasted travels towards main, and only once.
      if (token !== offlineToken) expect(toMain.includes(token), 'a token was sent to main').toBe(false);
    }
    expect(logs.includes(offlineToken)).toBe(false);
    expect(fromMain.includes(offlineToken)).toBe(false);
  });
});

/**
 * Registration jobs followed by main through the whole app, against the embedded store with jobs slowed down so
 * every phase shows: after a mint and a new version, progress events go out per registration session, the
 * outcome is announced through the platform's notifications, and a window opened later can ask for the state.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { headlessPlatform } from '../../../main/app/index.ts';
import type { App } from '../../../main/services.ts';
import type { RegistrationJob } from '../../../preload/contract/jobs.ts';
import { validCollectionFormat } from '../../support/provena-fixtures.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createTestApp, dispatchValue, firstOrganisationId } from '../../support/test-app.ts';

let app: App;
let dir: { path: string; remove(): Promise<void> };
const progress: RegistrationJob[] = [];
const notifications: Array<{ title: string; body: string }> = [];

const dispatch = <T>(name: string, input: unknown) => dispatchValue<T>(app, name, input);

const eventsOf = (sessionId: string) => progress.filter((job) => job.sessionId === sessionId);

beforeAll(async () => {
  dir = await tempDir('datadesk-registration-');
  app = await createTestApp(join(dir.path, 'data'), {
    platform: { ...headlessPlatform, notify: (title, body) => notifications.push({ title, body }) },
    // Each job hides for a moment, then sits PENDING, then runs: main's 2-second polls see the phases.
    localStore: { jobs: { appearAfterMs: 500, pendingMs: 1_500, inProgressMs: 2_500 } },
  });
  app.hub.subscribe((stream, payloads) => {
    if (stream === 'jobs.progress') progress.push(...(payloads as RegistrationJob[]));
  });
});

afterAll(async () => {
  await app?.dispose();
  await dir?.remove();
});

describe('registration after a mint and a new version', () => {
  let datasetId = '';
  let sessionId = '';

  it('follows the registration and then its lodge job to the end, announcing the outcome', async () => {
    const organisationId = await firstOrganisationId(app);
    const minted = await dispatch<{ handle: string; register_create_activity_session_id: string }>(
      'datasets.mint',
      {
        metadata: validCollectionFormat(organisationId, 'Slowly registered'),
      },
    );
    datasetId = minted.handle;
    sessionId = minted.register_create_activity_session_id;
    const now = await dispatch<{ job: RegistrationJob | null }>('jobs.registration', { datasetId });
    expect(now.job).toMatchObject({
      datasetId,
      sessionId,
      kind: 'mint',
      phase: 'registering',
      finishedAt: null,
      announced: true,
    });

    await vi.waitFor(() => expect(eventsOf(sessionId).at(-1)?.phase).toBe('done'), {
      timeout: 60_000,
      interval: 200,
    });
    const seen = eventsOf(sessionId);
    expect(seen.some((job) => job.phase === 'registering' && job.status === 'IN_PROGRESS')).toBe(true);
    expect(seen.some((job) => job.phase === 'lodging')).toBe(true);
    expect(seen.at(-1)).toMatchObject({
      status: 'SUCCEEDED',
      message: expect.stringMatching(/recorded where this dataset came from/),
    });
    expect(notifications).toContainEqual({
      title: 'Registration complete',
      body: expect.stringMatching(/provenance/),
    });
  });

  it('answers the finished state to a window that asks later', async () => {
    const later = await dispatch<{ job: RegistrationJob | null }>('jobs.registration', { datasetId });
    expect(later.job).toMatchObject({ sessionId, phase: 'done', finishedAt: expect.any(Number) });
    expect(await dispatch('jobs.registration', { datasetId: '10378.1/unknown' })).toEqual({ job: null });
  });

  it('follows a new version’s registration too', async () => {
    const created = await dispatch<{ new_version_id: string; version_job_session_id: string }>(
      'datasets.version',
      {
        id: datasetId,
        reason: 'Recalibrated',
      },
    );
    const followed = await dispatch<{ job: RegistrationJob | null }>('jobs.registration', {
      datasetId: created.new_version_id,
    });
    expect(followed.job).toMatchObject({ kind: 'version', sessionId: created.version_job_session_id });
    await vi.waitFor(() => expect(eventsOf(created.version_job_session_id).at(-1)?.phase).toBe('done'), {
      timeout: 60_000,
      interval: 200,
    });
    expect(notifications.map((note) => note.title)).toContain('New version registered');
  });

  it('looks up a registration it did not start without announcing it, and says when a session does not exist', async () => {
    const quietly = await dispatch<{ job: RegistrationJob | null }>('jobs.registration', {
      datasetId: '10378.1/elsewhere',
      follow: { sessionId: 'no-such-session', kind: 'mint' },
    });
    expect(quietly.job).toMatchObject({ announced: false, phase: 'registering' });
    const before = notifications.length;
    // The job API never knows this session: after Provena's 20 s of "not yet queued", the follow fails.
    await vi.waitFor(() => expect(eventsOf('no-such-session').at(-1)?.phase).toBe('failed'), {
      timeout: 40_000,
      interval: 500,
    });
    expect(eventsOf('no-such-session').at(-1)?.message).toMatch(/never started the background job/);
    expect(notifications.length).toBe(before);
  }, 45_000);
});

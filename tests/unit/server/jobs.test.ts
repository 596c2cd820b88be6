import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyedLock } from '../../../server/datasets/context.ts';
import { openDatabase, transaction, type Database } from '../../../server/db/database.ts';
import { JobStore } from '../../../server/jobs/jobs.ts';

describe('job store', () => {
  let database: Database;
  beforeEach(() => {
    database = openDatabase(':memory:');
  });
  afterEach(() => database.close());

  it('derives each status from the clock and reveals the result only on success', () => {
    const jobs = new JobStore(database, { appearAfterMs: 100, pendingMs: 200, inProgressMs: 300 });
    const start = Date.now();
    const { sessionId } = jobs.create({
      username: 'u',
      type: 'REGISTRY',
      subType: 'REGISTER_CREATE_ACTIVITY',
      payload: {},
      result: { done: true },
      from: start,
    });
    expect(jobs.get(sessionId, start + 50)).toBeNull();
    expect(jobs.get(sessionId, start + 150)).toMatchObject({ status: 'PENDING', result: null });
    expect(jobs.get(sessionId, start + 350)).toMatchObject({ status: 'IN_PROGRESS', result: null });
    expect(jobs.get(sessionId, start + 650)).toMatchObject({ status: 'SUCCEEDED', result: { done: true } });
  });

  it('chains the lodge job after the registry job finishes', () => {
    const jobs = new JobStore(database, { appearAfterMs: 0, pendingMs: 100, inProgressMs: 100 });
    const start = Date.now();
    const first = jobs.createChain(
      {
        username: 'u',
        type: 'REGISTRY',
        subType: 'REGISTER_CREATE_ACTIVITY',
        payload: {},
        resultFields: { creation_activity_id: 'a' },
        from: start,
      },
      { username: 'u', type: 'PROV_LODGE', subType: 'LODGE_CREATE_ACTIVITY', payload: {} },
    );
    const finished = jobs.get(first, start + 250)!;
    const lodge = finished.result!.lodge_session_id as string;
    expect(jobs.get(lodge, start + 150)).toBeNull();
    expect(jobs.get(lodge, start + 250)).toMatchObject({
      status: 'PENDING',
      job_sub_type: 'LODGE_CREATE_ACTIVITY',
    });
  });

  it('rolls back every write of a failed transaction', () => {
    const jobs = new JobStore(database, { appearAfterMs: 0, pendingMs: 0, inProgressMs: 0 });
    expect(() =>
      transaction(database, () => {
        jobs.create({ username: 'u', type: 'EMAIL', subType: 'SEND_EMAIL', payload: {}, result: {} });
        throw new Error('crash mid-change');
      }),
    ).toThrow('crash mid-change');
    expect(jobs.listForUser('u', 10, null).jobs).toEqual([]);
  });
});

describe('keyed lock', () => {
  it('runs work for one key strictly one after another, and other keys alongside', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const slow = (label: string, ms: number) => async () => {
      order.push(`${label} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(`${label} end`);
    };
    await Promise.all([
      lock.run('a', slow('a1', 30)),
      lock.run('a', slow('a2', 1)),
      lock.run('b', slow('b1', 1)),
    ]);
    expect(order.indexOf('a1 end')).toBeLessThan(order.indexOf('a2 start'));
    expect(order.indexOf('b1 end')).toBeLessThan(order.indexOf('a1 end'));
  });

  it('keeps going after a failed piece of work', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('a', async () => 'next')).resolves.toBe('next');
  });
});

/**
 * The disk-full behaviour with the fault injected at the store port, so it runs
 * on any machine (disk-full.test.ts fills a real tmpfs and needs `mount`): the
 * real application and SQLite store, with writes that fail as a full disk
 * makes them fail (`SQLITE_FULL`) while the test says so, tracked by the
 * store's own WriteHealth.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SendMessageData } from '../../protocol/wire.js';
import { WriteHealth } from '../../server/store/faults.js';
import type { Store } from '../../server/store/types.js';
import { request, startServer, type ClientSocket, type TestServer } from '../support/server.js';

const WRITES = new Set<string | symbol>([
  'appendMessage',
  'markRead',
  'upsertUser',
  'setLastSeen',
  'ensureRoom',
  'addMembers',
  'removeMember',
]);

/** `store` with its writes failing like a full disk while `full` is set. */
function withInjectedFaults(store: Store): { store: Store; setFull: (full: boolean) => void } {
  const health = new WriteHealth();
  let full = false;
  const diskFull = () =>
    Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
  const faulty = new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'writesFailing') return () => health.failing || target.writesFailing();
      if (prop === 'ping')
        // Like the SQLite store: while writes fail, a probe write finds out when they work again.
        return async () => {
          if (health.failing) await health.track(() => (full ? diskFull() : Promise.resolve()));
          return target.ping();
        };
      if (typeof value !== 'function') return value;
      if (!WRITES.has(prop)) return value.bind(target);
      return (...args: unknown[]) =>
        health.track(() =>
          full ? diskFull() : (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
        );
    },
  });
  return { store: faulty, setFull: (f) => (full = f) };
}

describe('disk full, injected at the store port (no mount needed)', () => {
  let server: TestServer;
  let setFull: (full: boolean) => void = () => {};
  let socket: ClientSocket;

  before(async () => {
    server = await startServer(
      { RATE_LIMIT_MESSAGES: '0' },
      {
        wrapStore: (store) => {
          const injected = withInjectedFaults(store);
          setFull = injected.setFull;
          return injected.store;
        },
      },
    );
    socket = await server.client(await server.token('filler'));
    assert.ok((await request(socket, 'join_chat', { room: '$DISK' })).ok);
  });
  after(() => server.close());

  const send = async (clientId: string) => {
    const started = performance.now();
    const ack = await request<SendMessageData>(socket, 'send_message', {
      room: '$DISK',
      text: 'x'.repeat(200),
      clientId,
    });
    return { ack, ms: performance.now() - started };
  };
  const health = async () => {
    const started = performance.now();
    const res = await fetch(`${server.url}/health`);
    const body = (await res.json()) as { store: { writes: string } };
    return { status: res.status, writes: body.store.writes, ms: performance.now() - started };
  };

  it('answers unavailable within 2 s, reports /health degraded, stores nothing, and recovers by itself', async () => {
    assert.ok((await send('before')).ack.ok);
    assert.equal((await health()).status, 200);

    setFull(true);
    const refused = await send('during');
    assert.equal(!refused.ack.ok && refused.ack.error.code, 'unavailable');
    assert.ok(refused.ms < 2000, `answered in ${refused.ms.toFixed(0)} ms`);
    const degraded = await health();
    assert.equal(degraded.status, 503);
    assert.equal(degraded.writes, 'failing');
    assert.ok(degraded.ms < 2000, `/health in ${degraded.ms.toFixed(0)} ms`);
    const stored = await server.store.history('$DISK', undefined, 10);
    assert.deepEqual(
      stored.messages.map((m) => m.clientId),
      ['before'],
    );

    setFull(false);
    assert.equal((await health()).status, 200, '/health is ok again by itself');
    const retried = await send('during');
    assert.ok(retried.ack.ok, 'the client’s retry with the same clientId is stored');
    const after = await server.store.history('$DISK', undefined, 10);
    assert.deepEqual(
      after.messages.map((m) => m.clientId),
      ['before', 'during'],
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ack, ErrorBody, MessagesPage, RoomSummary } from '../../protocol/wire.js';
import { api, collect, request, startServer, type TestServer } from '../support/server.js';

const refusal = (ack: Ack<unknown>): ErrorBody => {
  assert.equal(ack.ok, false, `expected a refusal, got ${JSON.stringify(ack)}`);
  return (ack as { ok: false; error: ErrorBody }).error;
};

describe('per-user limits (small limits set through the environment)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({
      LIMIT_TICKER_ROOMS: '3',
      LIMIT_JOINS_PER_MINUTE: '8',
      LIMIT_SOCKETS_PER_USER: '2',
      LIMIT_HANDSHAKE_FAILURES_PER_MINUTE: '3',
      LIMIT_API_PER_MINUTE: '4',
      LIMIT_FRIEND_REQUESTS_PER_DAY: '1',
      LIMIT_GROUPS_PER_DAY: '1',
      LIMIT_HISTORY_PER_MINUTE: '3',
      LIMIT_SYNC_PER_MINUTE: '2',
      LIMIT_MARK_READ_PER_MINUTE: '2',
    });
  });
  after(() => server.close());

  it('caps ticker rooms per user; a refused join stores nothing and leaving frees a slot', async () => {
    const s = await server.client(await server.token('collector'));
    for (const room of ['$CAPA', '$CAPB', '$CAPC'])
      assert.ok((await request(s, 'join_chat', { room })).ok);
    const error = refusal(await request(s, 'join_chat', { room: '$CAPD' }));
    assert.equal(error.code, 'rate_limited');
    assert.match(error.message, /leave/);
    assert.equal(await server.store.getRoom('$CAPD'), null, 'the refused room was not created');
    assert.ok(s.connected, 'a refusal is not a disconnect');
    assert.ok((await request(s, 'leave_chat', { room: '$CAPA' })).ok);
    assert.ok((await request(s, 'join_chat', { room: '$CAPD' })).ok);
  });

  it('limits joins per minute with rate_limited and retryAfterMs', async () => {
    const s = await server.client(await server.token('joiner'));
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await request(s, 'join_chat', { room: '$JOINS' }));
    assert.ok(answers.slice(0, 8).every((a) => a.ok));
    const error = refusal(answers[8]!);
    assert.equal(error.code, 'rate_limited');
    assert.ok((error.retryAfterMs ?? 0) > 0 && error.retryAfterMs! <= 60_000);
  });

  it('answers history and sync of a ticker nobody used with nothing, and stores no room', async () => {
    const s = await server.client(await server.token('reader'));
    const page = await request<MessagesPage>(s, 'history', { room: '$NOBDY' });
    assert.deepEqual(page, { ok: true, data: { messages: [], hasMore: false } });
    const synced = await request<MessagesPage>(s, 'sync', {
      rooms: [{ room: '$NOBDZ', lastSeq: 0 }],
    });
    assert.deepEqual(synced, { ok: true, data: { messages: [], hasMore: false } });
    assert.equal(await server.store.getRoom('$NOBDY'), null);
    assert.equal(await server.store.getRoom('$NOBDZ'), null);
    await request(s, 'history', { room: '$NOBDY' });
    await request(s, 'history', { room: '$NOBDY' });
    assert.equal(refusal(await request(s, 'history', { room: '$NOBDY' })).code, 'rate_limited');
  });

  it('forwards at most one typing per socket and room per interval, dropping the flood silently', async () => {
    const typist = await server.client(await server.token('typist'));
    const watcher = await server.client(await server.token('watcher'));
    await request(typist, 'join_chat', { room: '$TYPE' });
    await request(watcher, 'join_chat', { room: '$TYPE' });
    const seen = collect(watcher, 'typing', 800);
    for (let i = 0; i < 500; i++) typist.emit('typing', { room: '$TYPE', typing: i % 2 === 0 });
    const events = await seen;
    assert.ok(events.length >= 1 && events.length <= 2, `${events.length} typing events delivered`);
    assert.ok(typist.connected);
  });

  it('refuses a user’s third socket with rate_limited', async () => {
    const token = await server.token('tabs');
    await server.client(token);
    await server.client(token);
    await assert.rejects(
      server.client(token),
      (err: Error & { data?: ErrorBody }) => err.data?.code === 'rate_limited',
    );
  });

  it('refuses an address after repeated failed sign-ins, even with a good token', async () => {
    // Its own server: the limit counts per address, and every test here comes from 127.0.0.1.
    const own = await startServer({ LIMIT_HANDSHAKE_FAILURES_PER_MINUTE: '3' });
    try {
      const good = await own.token('honest');
      for (let i = 0; i < 3; i++) {
        await assert.rejects(
          own.client('forged.token.here'),
          (err: Error & { data?: ErrorBody }) => err.data?.code === 'unauthorized',
        );
      }
      await assert.rejects(
        own.client(good),
        (err: Error & { data?: ErrorBody }) => err.data?.code === 'rate_limited',
      );
    } finally {
      await own.close();
    }
  });

  it('counts history read over REST and over the socket against one limit', async () => {
    const token = await server.token('both-ways');
    const s = await server.client(token);
    assert.ok((await request(s, 'history', { room: '$BOTH' })).ok);
    const rest = await api(server.url, 'GET', '/api/rooms/$BOTH/messages', token);
    assert.equal(rest.status, 200);
    assert.ok((await request(s, 'history', { room: '$BOTH' })).ok);
    assert.equal(refusal(await request(s, 'history', { room: '$BOTH' })).code, 'rate_limited');
    const refused = await api(server.url, 'GET', '/api/rooms/$BOTH/messages', token);
    assert.equal(refused.status, 429, 'REST is refused once the socket spent the rest');
  });

  it('limits sync requests per user (LIMIT_SYNC_PER_MINUTE)', async () => {
    const s = await server.client(await server.token('syncer'));
    const sync = () => request(s, 'sync', { rooms: [{ room: '$SYNCS', lastSeq: 0 }] });
    assert.ok((await sync()).ok);
    assert.ok((await sync()).ok);
    const error = refusal(await sync());
    assert.equal(error.code, 'rate_limited');
    assert.ok((error.retryAfterMs ?? 0) > 0);
  });

  it('limits read markers per user (LIMIT_MARK_READ_PER_MINUTE), muting a room included', async () => {
    const s = await server.client(await server.token('marker'));
    assert.ok((await request(s, 'join_chat', { room: '$MARKS' })).ok);
    assert.ok((await request(s, 'mark_read', { room: '$MARKS', seq: 0 })).ok);
    assert.ok((await request(s, 'mute_room', { room: '$MARKS', muted: true })).ok);
    assert.equal(
      refusal(await request(s, 'mark_read', { room: '$MARKS', seq: 0 })).code,
      'rate_limited',
    );
  });

  it('limits REST calls per user with 429 and Retry-After', async () => {
    const token = await server.token('caller');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      statuses.push(res.status);
      retryAfter ??= res.headers.get('retry-after');
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
    assert.ok(Number(retryAfter) > 0);
  });

  it('limits friend requests and new groups per day', async () => {
    const token = await server.token('social');
    await server.token('f1');
    await server.token('f2');
    const first = await api(server.url, 'POST', '/api/friends/requests', token, { to: 'f1' });
    assert.equal(first.status, 201);
    const second = await api<{ error: ErrorBody }>(
      server.url,
      'POST',
      '/api/friends/requests',
      token,
      { to: 'f2' },
    );
    assert.deepEqual([second.status, second.body.error.code], [429, 'rate_limited']);
    const maker = await server.token('maker');
    assert.equal((await api(server.url, 'POST', '/api/rooms', maker, { name: 'One' })).status, 201);
    const again = await api<{ error: ErrorBody }>(server.url, 'POST', '/api/rooms', maker, {
      name: 'Two',
    });
    assert.deepEqual([again.status, again.body.error.code], [429, 'rate_limited']);
  });
});

describe('GET /api/rooms paging', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('pages with a cursor (default 100), every room once, newest first', async () => {
    const token = await server.token('pager');
    const s = await server.client(token);
    const rooms = ['$PGA', '$PGB', '$PGC', '$PGD', '$PGE'];
    for (const room of rooms) {
      await request(s, 'join_chat', { room });
      await request(s, 'send_message', { room, text: `in ${room}`, clientId: room });
    }
    const all = await api<{ rooms: RoomSummary[]; nextCursor: string | null }>(
      server.url,
      'GET',
      '/api/rooms',
      token,
    );
    assert.equal(all.body.rooms.length, 5);
    assert.equal(all.body.nextCursor, null);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await api<{ rooms: RoomSummary[]; nextCursor: string | null }>(
        server.url,
        'GET',
        `/api/rooms${query}`,
        token,
      );
      assert.equal(page.status, 200);
      seen.push(...page.body.rooms.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...rooms].reverse());
    assert.deepEqual(
      all.body.rooms.map((r) => r.lastMessage?.text),
      [...rooms].reverse().map((r) => `in ${r}`),
    );
    const bad = await api<{ error: ErrorBody }>(server.url, 'GET', '/api/rooms?cursor=zz', token);
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'bad_request']);
    const big = await api(server.url, 'GET', '/api/rooms?limit=501', token);
    assert.equal(big.status, 400);
  });
});

describe('events per connection (LIMIT_EVENTS_PER_SECOND)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ LIMIT_EVENTS_PER_SECOND: '20' });
  });
  after(() => server.close());

  it('answers events past the budget rate_limited at once and keeps the connection', async () => {
    const s = await server.client(await server.token('flooder'));
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => request(s, 'ping', { t: i })),
    );
    const limited = answers.filter((a) => !a.ok && a.error.code === 'rate_limited');
    assert.ok(limited.length >= 25, `${limited.length} of 50 refused`);
    assert.ok(answers.filter((a) => a.ok).length <= 20, 'at most the budget answered');
    assert.ok(s.connected, 'a refusal is not a disconnect');
  });
});

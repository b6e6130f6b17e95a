import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { letters } from '../../bench/fanout-step.js';
import { ApiKeys } from '../../server/domain/api-keys.js';
import type { Message, MessagesPage, Quote } from '../../protocol/wire.js';
import type { Socket } from 'socket.io-client';
import type { ApiScope } from '../../server/store/types.js';
import { ManualClock } from '../support/manual-clock.js';
import { api, nextEvent, request, startServer, type TestServer } from '../support/server.js';

let server: TestServer;
const clock = new ManualClock();
const keys: Record<string, string> = {};
before(async () => {
  server = await startServer({}, { clock });
  const create = async (name: string, scopes: ApiScope[]) =>
    (keys[name] = (await new ApiKeys(server.store).create(name, scopes)).key);
  await create('all', ['publish', 'read', 'users', 'moderate']);
  await create('publisher', ['publish']);
  await create('reader', ['read']);
});
after(() => server.close());

type ErrorBody = { error: { code: string; message: string } };
const call = <T = unknown>(
  method: string,
  route: string,
  key: string | undefined,
  body?: unknown,
) => api<T & ErrorBody>(server.url, method, `/api/server${route}`, key, body);
const bot = { id: 'alerts', name: 'Price alerts', kind: 'bot' as const };

describe('API keys on /api/server', () => {
  it('answers 401 without a key, with a user token, a made-up key, or a revoked key', async () => {
    const userToken = await server.token('ada');
    const revoked = await new ApiKeys(server.store).create('gone', ['read']);
    await new ApiKeys(server.store).revoke('gone');
    for (const key of [undefined, userToken, 'sck_madeup', revoked.key]) {
      const res = await call('GET', '/rooms/$AAPL/history', key);
      assert.deepEqual([res.status, res.body.error.code], [401, 'unauthorized'], String(key));
    }
  });

  it('answers 403 when the key lacks the scope, for every scope', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/messages', { room: '$AAPL', text: 'x', clientId: 'c', sender: bot }],
      ['POST', '/broadcast', { rooms: ['$AAPL'], text: 'x', sender: bot }],
      ['POST', '/quotes', [{ symbol: 'AAPL', price: 1, change: 0, changePct: 0, ts: 1 }]],
      ['PUT', '/users/ada', { name: 'Ada' }],
      ['PUT', '/users/ada/friends', []],
      ['POST', '/users/ada/disconnect', undefined],
    ];
    for (const [method, route, body] of cases) {
      const res = await call(method, route, keys.reader, body);
      assert.deepEqual([res.status, res.body.error.code], [403, 'forbidden'], `${method} ${route}`);
    }
    for (const route of ['/rooms/$AAPL/presence', '/rooms/$AAPL/history']) {
      const res = await call('GET', route, keys.publisher);
      assert.deepEqual([res.status, res.body.error.code], [403, 'forbidden'], route);
    }
  });

  it('audits every call made with a key, refused ones included', async () => {
    await call('GET', '/rooms/$AUDIT/history', keys.reader);
    await call('PUT', '/users/ada', keys.reader, { name: 'x' });
    const log = await server.store.apiKeys.auditLog(5);
    assert.deepEqual(
      log.slice(0, 2).map((e) => [e.keyName, e.method, e.path, e.status]),
      [
        ['reader', 'PUT', '/api/server/users/ada', 403],
        ['reader', 'GET', '/api/server/rooms/$AUDIT/history', 200],
      ],
    );
  });
});

describe('POST /api/server/messages', () => {
  it('stores a bot message with the next seq and delivers it live like a user message', async () => {
    const ada = await server.client(await server.token('ada'));
    await request(ada, 'join_chat', { room: '$MSFT' });
    await request(ada, 'send_message', { room: '$MSFT', text: 'first', clientId: 'a1' });
    const live = nextEvent<Message>(ada, 'new_message', (m) => m.sender.id === 'alerts');
    const res = await call<{ message: Message }>('POST', '/messages', keys.publisher, {
      room: '$msft',
      text: '$MSFT crossed 500',
      clientId: 'alert-1',
      sender: bot,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.message.seq, 2);
    assert.deepEqual(res.body.message.sender, bot);
    assert.deepEqual(res.body.message.cashtags, ['$MSFT']);
    assert.deepEqual(await live, res.body.message);

    const again = await call<{ message: Message }>('POST', '/messages', keys.publisher, {
      room: '$MSFT',
      text: 'different text',
      clientId: 'alert-1',
      sender: bot,
    });
    assert.equal(again.status, 200, 'a repeated clientId answers 200');
    assert.deepEqual(again.body.message, res.body.message);
    const history = await request<MessagesPage>(ada, 'history', { room: '$MSFT' });
    assert.ok(history.ok);
    assert.deepEqual(
      history.data.messages.map((m) => [m.seq, m.sender.kind]),
      [
        [1, 'user'],
        [2, 'bot'],
      ],
    );
  });

  it('counts a bot message as unread for group members, and refuses a room that does not exist', async () => {
    const owner = await server.token('gina', { friends: ['hal'] });
    const { body } = await api<{ room: { id: string } }>(server.url, 'POST', '/api/rooms', owner, {
      name: 'Desk',
      members: ['hal'],
    });
    const hal = await server.client(await server.token('hal'));
    const unread = nextEvent<{ room: string; count: number }>(
      hal,
      'unread',
      (u) => u.room === body.room.id,
    );
    const res = await call('POST', '/messages', keys.publisher, {
      room: body.room.id,
      text: 'Morning note',
      clientId: 'n1',
      sender: { id: 'desk-bot', name: 'Desk', kind: 'system' },
    });
    assert.equal(res.status, 201);
    assert.equal((await unread).count, 1);
    const missing = await call('POST', '/messages', keys.publisher, {
      room: 'g:nosuchroom',
      text: 'x',
      clientId: 'n2',
      sender: bot,
    });
    assert.deepEqual([missing.status, missing.body.error.code], [404, 'not_found']);
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const bad: unknown[] = [
      { room: '$AAPL', text: 'x', clientId: 'c', sender: { ...bot, kind: 'user' } },
      { room: '$AAPL', text: 'x', clientId: 'c', sender: bot, extra: 1 },
      { room: 'nope', text: 'x', clientId: 'c', sender: bot },
      { room: '$AAPL', text: '   ', clientId: 'c', sender: bot },
      'not json',
    ];
    for (const body of bad) {
      const res = await call('POST', '/messages', keys.publisher, body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.equal((await server.store.history('$AAPL', undefined, 10)).messages.length, 0);
  });
});

describe('POST /api/server/broadcast', () => {
  it('posts one message to each room, and refuses more than 100 rooms or a missing room without posting', async () => {
    const res = await call<{ messages: Message[] }>('POST', '/broadcast', keys.publisher, {
      rooms: ['$BA', '$GE', '$ba'],
      text: 'Market closes early today',
      sender: { id: 'system', name: 'Desk', kind: 'system' },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.messages.map((m) => [m.room, m.seq]),
      [
        ['$BA', 1],
        ['$GE', 1],
      ],
    );
    const tooMany = Array.from(
      { length: 101 },
      (_, i) =>
        `$X${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
    );
    const big = await call('POST', '/broadcast', keys.publisher, {
      rooms: tooMany,
      text: 'x',
      sender: bot,
    });
    assert.deepEqual([big.status, big.body.error.code], [413, 'too_large']);
    const missing = await call('POST', '/broadcast', keys.publisher, {
      rooms: ['$F', 'g:missing'],
      text: 'x',
      sender: bot,
    });
    assert.equal(missing.status, 404);
    assert.equal((await server.store.getRoom('$F'))?.lastSeq ?? 0, 0, 'nothing was posted');
  });
});

describe('presence, history, users', () => {
  it('lists who is online in a room and pages its history', async () => {
    const [a, b] = [
      await server.client(await server.token('pia')),
      await server.client(await server.token('quin')),
    ];
    for (const s of [a, b]) await request(s, 'join_chat', { room: '$NVDA' });
    for (let i = 1; i <= 3; i++)
      await call('POST', '/messages', keys.publisher, {
        room: '$NVDA',
        text: `n${i}`,
        clientId: `h${i}`,
        sender: bot,
      });
    const presence = await call<{ room: string; online: number; users: string[] }>(
      'GET',
      '/rooms/$nvda/presence?limit=1',
      keys.reader,
    );
    assert.equal(presence.status, 200);
    assert.equal(presence.body.room, '$NVDA');
    assert.equal(presence.body.online, 2);
    assert.equal(presence.body.users.length, 1, 'ids up to the limit');
    const page = await call<MessagesPage>(
      'GET',
      '/rooms/$NVDA/history?beforeSeq=3&limit=1',
      keys.reader,
    );
    assert.deepEqual([page.body.messages.map((m) => m.text), page.body.hasMore], [['n2'], true]);
    const bad = await call('GET', '/rooms/$NVDA/history?limit=abc', keys.reader);
    assert.equal(bad.status, 400);
  });

  it('renames a user, replaces their friends live, and disconnects them', async () => {
    const res = await call<{ user: { name: string; avatar?: string } }>(
      'PUT',
      '/users/rae',
      keys.all,
      {
        name: 'Rae Host',
        avatar: 'https://cdn.example/rae.png',
      },
    );
    assert.deepEqual(res.body.user, {
      id: 'rae',
      name: 'Rae Host',
      avatar: 'https://cdn.example/rae.png',
    });
    const rae = await server.client(await server.token('rae', { name: 'Rae Host' }));
    const added = nextEvent<{ kind: string; friend: { id: string } }>(rae, 'friend_update');
    const put = await call<{ friends: string[]; added: string[] }>(
      'PUT',
      '/users/rae/friends',
      keys.all,
      ['sol', 'tom'],
    );
    assert.deepEqual(put.body.friends, ['sol', 'tom']);
    assert.equal((await added).kind, 'accepted');
    assert.deepEqual((await server.store.friendsOf('rae')).sort(), ['sol', 'tom']);
    const removed = nextEvent<{ kind: string; friend: { id: string } }>(
      rae,
      'friend_update',
      (e) => e.kind === 'removed',
    );
    await call('PUT', '/users/rae/friends', keys.all, ['tom']);
    assert.equal((await removed).friend.id, 'sol');
    assert.deepEqual(await server.store.friendsOf('rae'), ['tom']);

    const closed = new Promise<string>((resolve) => rae.once('disconnect', resolve));
    const dc = await call<{ sockets: number }>('POST', '/users/rae/disconnect', keys.all);
    assert.equal(dc.body.sockets, 1);
    assert.equal(await closed, 'io server disconnect');
    const badId = await call('PUT', '/users/bad:id', keys.all, { name: 'x' });
    assert.equal(badId.status, 400);
  });
});

describe('POST /api/server/quotes', () => {
  const q = (symbol: string, price: number, ts = Date.now()): Quote => ({
    symbol,
    price,
    change: 1.5,
    changePct: 0.8,
    ts,
  });

  it('pushes the newest quote to the ticker room and sends it to a socket right after it joins', async () => {
    const ada = await server.client(await server.token('ada'));
    await request(ada, 'join_chat', { room: '$AMD' });
    const live = nextEvent<Quote>(ada, 'quote');
    const res = await call<{ accepted: number; kept: number }>('POST', '/quotes', keys.publisher, [
      q('AMD', 150),
      q('AMD', 151),
      q('INTC', 30),
    ]);
    assert.deepEqual(res.body, { accepted: 3, kept: 2 });
    assert.equal((await live).price, 151, 'only the newest of the batch');
    const late = await server.client(await server.token('bo'));
    const first = nextEvent<Quote>(late, 'quote');
    await request(late, 'join_chat', { room: '$amd' });
    assert.equal((await first).price, 151);
  });

  it('announces a push of 1,000 symbols a few per loop turn, so chat traffic goes out between', async () => {
    const turns: number[] = [];
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const off = server.app.events.subscribe((event) => {
      if (event.type === 'quote.updated' && event.quote.symbol.startsWith('T')) turns.push(turn);
    });
    try {
      const batch = Array.from({ length: 1_000 }, (_, i) => q(`T${letters(i)}`, i));
      const res = await call<{ kept: number }>('POST', '/quotes', keys.publisher, batch);
      assert.equal(res.body.kept, 1_000);
      while (turns.length < 1_000) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      ticking = false;
      off();
    }
    const perTurn = new Map<number, number>();
    for (const t of turns) perTurn.set(t, (perTurn.get(t) ?? 0) + 1);
    assert.ok(perTurn.size >= 40, `announced over ${perTurn.size} turns`);
    assert.ok(Math.max(...perTurn.values()) <= 25, `at most 25 in one turn`);
  });

  it('coalesces to at most one quote per symbol per second, the newest last', async () => {
    const ada = await server.client(await server.token('cy'));
    await request(ada, 'join_chat', { room: '$PLTR' });
    const got: { price: number; at: number }[] = [];
    (ada as unknown as Socket).on('quote', (quote: Quote) =>
      got.push({ price: quote.price, at: clock.now() }),
    );
    const first = nextEvent<Quote>(ada, 'quote');
    for (let i = 1; i <= 10; i++) await call('POST', '/quotes', keys.publisher, [q('PLTR', i)]);
    assert.equal((await first).price, 1, 'the first goes out at once');
    await clock.advance(999);
    // A round trip after the sends: anything announced by now has arrived.
    await request(ada, 'ping', { t: 1 });
    assert.deepEqual(
      got.map((g) => g.price),
      [1],
      'nothing more within the second',
    );
    const newest = nextEvent<Quote>(ada, 'quote');
    await clock.advance(1);
    assert.equal((await newest).price, 10, 'the newest, once the second is over');
    await clock.advance(5_000);
    await request(ada, 'ping', { t: 2 });
    assert.deepEqual(
      got.map((g) => g.price),
      [1, 10],
      'the held ones in between are dropped',
    );
    assert.equal(got[1]!.at - got[0]!.at, 1_000);
  });

  it('refuses more than 1,000 quotes, a bad symbol or a missing field, and keeps nothing from it', async () => {
    const big = Array.from({ length: 1001 }, (_, i) => q('ZZ', i));
    const tooMany = await call('POST', '/quotes', keys.publisher, big);
    assert.deepEqual([tooMany.status, tooMany.body.error.code], [413, 'too_large']);
    for (const body of [
      [{ ...q('TSLA', 1), symbol: '$TSLA' }],
      [{ symbol: 'TSLA', price: 1 }],
      // Past the last time a JavaScript Date can hold: no client could show it.
      [{ ...q('TSLA', 1), ts: 9e15 }],
      [],
      {},
    ]) {
      const res = await call('POST', '/quotes', keys.publisher, body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.equal(await server.app.serverApi.quotes.latest('TSLA'), null);
    assert.equal(await server.app.serverApi.quotes.latest('ZZ'), null);
  });
});

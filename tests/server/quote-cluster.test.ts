import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { ApiKeys } from '../../server/domain/api-keys.js';
import type { Quote } from '../../protocol/wire.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { api, nextEvent, request, startServer, type TestServer } from '../support/server.js';

describe('live quotes across two server processes sharing Redis (REDIS_URL)', () => {
  let redis: RedisServer;
  let one: TestServer;
  let two: TestServer;
  let key = '';
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stock-chat-quotes-'));
  const q = (symbol: string, price: number, ts: number): Quote => ({
    symbol,
    price,
    change: 0.5,
    changePct: 0.25,
    ts,
  });
  const push = async (node: TestServer, quotes: Quote[]) => {
    const res = await api(node.url, 'POST', '/api/server/quotes', key, quotes);
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  before(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, DATA_DIR: dataDir };
    one = await startServer(env);
    two = await startServer(env);
    key = (await new ApiKeys(one.store).create('quotes', ['publish'])).key;
  });
  after(async () => {
    await one.close();
    await two.close();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends a symbol at most once a second cluster-wide, the newest last, whichever node it was pushed to', async () => {
    const reader = await two.client(await two.token('reader'));
    await request(reader, 'join_chat', { room: '$CLU' });
    const seen: { quote: Quote; at: number }[] = [];
    (reader as unknown as Socket).on('quote', (quote: Quote) =>
      seen.push({ quote, at: Date.now() }),
    );
    const t0 = Date.now();
    // Both nodes, within a few ms: per node each would send its first at once.
    await push(one, [q('CLU', 1, t0)]);
    await push(two, [q('CLU', 2, t0 + 1)]);
    await push(one, [q('CLU', 3, t0 + 2)]);
    await push(two, [q('CLU', 4, t0 + 3)]);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const gaps = seen.slice(1).map((s, i) => s.at - seen[i].at);
    assert.ok(seen.length >= 2 && seen.length <= 3, `got ${seen.length}: ${JSON.stringify(seen)}`);
    assert.equal(seen[0].quote.price, 1, 'the first goes out at once');
    assert.ok(seen[0].at - t0 < 900, `first after ${seen[0].at - t0} ms`);
    // Timers on a busy machine: a little under the second is still one slot apart.
    for (const gap of gaps) assert.ok(gap >= 900, `two quotes ${gap} ms apart`);
    assert.equal(seen.at(-1)!.quote.price, 4, 'the newest last');
    reader.close();
  });

  it('keeps the newest quote in the shared book when an older one reaches the other node later', async () => {
    const ts = Date.now();
    await push(one, [q('NEW', 10, ts + 5)]);
    await push(two, [q('NEW', 9, ts)]);
    const late = await one.client(await one.token('late'));
    const first = nextEvent<Quote>(late, 'quote');
    await request(late, 'join_chat', { room: '$NEW' });
    assert.equal((await first).price, 10);
    const other = await two.client(await two.token('late2'));
    const second = nextEvent<Quote>(other, 'quote');
    await request(other, 'join_chat', { room: '$NEW' });
    assert.equal((await second).price, 10);
    late.close();
    other.close();
  });
});

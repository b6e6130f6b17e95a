import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConnectionsPage, Overview } from '../../server/protocol-admin.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { api, startServer, type TestServer } from '../support/server.js';

describe('the console across two nodes (REDIS_URL)', () => {
  let redis: RedisServer;
  let one: TestServer;
  let two: TestServer;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stock-chat-cluster-'));

  before(async () => {
    redis = await startRedis();
    one = await startServer({ REDIS_URL: redis.url, DATA_DIR: dataDir, NODE_ID: 'node-a' });
    two = await startServer({ REDIS_URL: redis.url, DATA_DIR: dataDir, NODE_ID: 'node-b' });
  });
  after(async () => {
    await one.close();
    await two.close();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET /api/admin/overview sums every node and lists them in nodes', async () => {
    await one.client(await one.token('alice'));
    await one.client(await one.token('bob'));
    await two.client(await two.token('carol'));
    await two.client(await two.token('alice'));
    const admin = await one.token('ops', { admin: true });
    const { status, body } = await api<Overview>(one.url, 'GET', '/api/admin/overview', admin);
    assert.equal(status, 200);
    assert.equal(body.sockets, 4);
    assert.equal(body.users, 3, 'alice, on both nodes, counts once');
    assert.equal(body.transports.websocket, 4);
    assert.deepEqual(
      body.nodes.map((n) => [n.id, n.sockets]),
      [
        ['node-a', 2],
        ['node-b', 2],
      ],
    );
    for (const node of body.nodes) {
      assert.ok(node.uptimeSec >= 0 && node.eventLoopLagMs >= 0 && node.version.length > 0);
    }
  });

  it('GET /api/admin/connections pages over every node with a node per socket', async () => {
    const admin = await two.token('ops', { admin: true });
    const first = await api<ConnectionsPage>(
      two.url,
      'GET',
      '/api/admin/connections?pageSize=3',
      admin,
    );
    assert.equal(first.status, 200);
    assert.equal(first.body.total, 4);
    assert.equal(first.body.items.length, 3);
    const second = await api<ConnectionsPage>(
      two.url,
      'GET',
      '/api/admin/connections?pageSize=3&page=2',
      admin,
    );
    const all = [...first.body.items, ...second.body.items];
    assert.equal(new Set(all.map((c) => c.id)).size, 4, 'the two pages hold each socket once');
    assert.deepEqual(all.map((c) => `${c.node}:${c.user.id}`).sort(), [
      'node-a:alice',
      'node-a:bob',
      'node-b:alice',
      'node-b:carol',
    ]);
    const sorted = all.map((c) => c.connectedAt);
    assert.deepEqual(sorted, [...sorted].sort().reverse(), 'newest first across nodes');
    const filtered = await api<ConnectionsPage>(
      two.url,
      'GET',
      '/api/admin/connections?q=carol',
      admin,
    );
    assert.deepEqual(
      filtered.body.items.map((c) => c.node),
      ['node-b'],
    );
  });
});

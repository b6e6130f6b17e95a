import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionsPage, Overview, RoomActivity, StatsPoint } from '../../protocol/admin.js';
import { withCluster } from '../support/fixtures.js';
import { api, ask, type TestServer } from '../support/server.js';
import { adminClient, adminRequest, eventually } from './admin.support.js';

describe('the console across two nodes (REDIS_URL)', () => {
  const [one, two] = withCluster().nodes as [TestServer, TestServer];

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

  it('the charts (stats, stats_history) and the rooms panel count every node', async () => {
    // Four chat sockets so far (two on each node); two more join $CLU, one on each node.
    const dave = await one.client(await one.token('dave'));
    const erin = await two.client(await two.token('erin'));
    await ask(dave, 'join_chat', { room: '$CLU' });
    await ask(erin, 'join_chat', { room: '$CLU' });
    await ask(erin, 'send_message', { room: '$CLU', text: 'from node b', clientId: 'clu-1' });
    await ask(erin, 'send_message', { room: '$CLU', text: 'again', clientId: 'clu-2' });
    await ask(dave, 'send_message', { room: '$CLU', text: 'from node a', clientId: 'clu-3' });

    const admin = await one.token('ops', { admin: true });
    const rest = await eventually(
      () => api<{ rooms: RoomActivity[] }>(one.url, 'GET', '/api/admin/rooms', admin),
      (r) => r.body.rooms?.find((x) => x.id === '$CLU')?.subscribers === 2,
    );
    const room = rest.body.rooms.find((r) => r.id === '$CLU');
    assert.equal(room?.subscribers, 2, 'one subscriber on each node');
    assert.equal(room?.messagesPerMinute, 3, 'messages stored by either node');

    const consoleSocket = await adminClient(one.url, admin);
    try {
      const viaEvent = await adminRequest<RoomActivity[]>(consoleSocket, 'rooms', {});
      assert.ok(viaEvent.ok);
      assert.equal(viaEvent.data.find((r) => r.id === '$CLU')?.subscribers, 2);

      // Each node samples once a second: a point from now on has all six sockets.
      const point = await new Promise<StatsPoint>((resolve) => {
        const listener = (p: StatsPoint) => {
          if (p.sockets !== 6) return;
          consoleSocket.off('stats', listener);
          resolve(p);
        };
        consoleSocket.on('stats', listener);
      });
      assert.equal(point.sockets, 6, 'node a has 3 chat sockets, node b 3');
    } finally {
      consoleSocket.close();
    }
    // A console opened once the seconds of the sends are sampled gets them in its history.
    const sum = (points: StatsPoint[]) => points.reduce((n, p) => n + p.messagesPerSec, 0);
    const history = async () => {
      const later = await adminClient(two.url, admin);
      try {
        return await new Promise<StatsPoint[]>((resolve) => later.once('stats_history', resolve));
      } finally {
        later.close();
      }
    };
    try {
      const points = await eventually(
        history,
        (p) => p.at(-1)?.sockets === 6 && sum(p) >= 3,
        5_000,
      );
      assert.ok(points.at(-1)?.sockets === 6, `merged: ${points.map((p) => p.sockets).join(',')}`);
      const messages = sum(points);
      assert.ok(messages >= 3, `both nodes' messages are in the history (${messages})`);
    } finally {
      dave.close();
      erin.close();
    }
  });
});

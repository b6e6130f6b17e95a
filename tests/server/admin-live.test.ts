import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NoticeEvent } from '../../protocol/wire.js';
import type {
  AdminAction,
  ConnectionsPage,
  Overview,
  RoomActivity,
  RoomEvent,
  StatsPoint,
} from '../../protocol/admin.js';
import { api, nextEvent, request, type ClientSocket } from '../support/server.js';
import { withServer } from '../support/fixtures.js';
import { adminClient, adminRequest, eventually, type AdminClient } from './admin.support.js';

const server = withServer();
let admin: AdminClient;
let adminToken: string;
before(async () => {
  adminToken = await server.token('ops', { admin: true });
  admin = await adminClient(server.url, adminToken);
});
after(() => admin.close());

const overview = async () => {
  const ack = await adminRequest<Overview>(admin, 'overview', {});
  assert.ok(ack.ok);
  return ack.data;
};
const connections = async (payload: object) => {
  const ack = await adminRequest<ConnectionsPage>(admin, 'connections', payload);
  assert.ok(ack.ok, JSON.stringify(ack));
  return ack.data;
};

describe('overview', () => {
  it('counts the sockets and users really connected, and follows them as they leave', async () => {
    const before = await overview();
    const alice = await server.token('alice');
    const sockets = [
      await server.client(alice),
      await server.client(alice),
      await server.client(await server.token('bob'), { transports: ['polling'] }),
    ];
    const during = await eventually(overview, (o) => o.sockets === before.sockets + 3);
    assert.equal(during.sockets, before.sockets + 3);
    assert.equal(during.users, before.users + 2);
    assert.equal(during.transports.websocket, before.transports.websocket + 2);
    assert.equal(during.transports.polling, before.transports.polling + 1);
    assert.equal(server.app.io.of('/').sockets.size, during.sockets);

    for (const s of sockets) s.close();
    const afterwards = await eventually(overview, (o) => o.sockets === before.sockets);
    assert.equal(afterwards.sockets, before.sockets);
    assert.equal(afterwards.users, before.users);
    assert.ok((afterwards.disconnects['client namespace disconnect'] ?? 0) >= 3);
  });

  it('pushes a stats point every second and the overview with it', async () => {
    const point = await nextEvent<StatsPoint>(
      admin as unknown as ClientSocket,
      'stats',
      () => true,
      3000,
    );
    assert.equal(typeof point.sockets, 'number');
    assert.equal(typeof point.ackLatencyP99, 'number');
    assert.deepEqual(typeof point.disconnects, 'object');
  });
});

describe('connections', () => {
  it('pages on the server: totals, page sizes and the last partial page', async () => {
    const token = await server.token('pager');
    const sockets: ClientSocket[] = [];
    for (let i = 0; i < 7; i++) sockets.push(await server.client(token));
    const first = await connections({ page: 1, pageSize: 3, q: 'pager' });
    assert.equal(first.total, 7);
    assert.equal(first.items.length, 3);
    const last = await connections({ page: 3, pageSize: 3, q: 'pager' });
    assert.equal(last.items.length, 1);
    const ids = new Set([...first.items, ...last.items].map((c) => c.id));
    assert.equal(ids.size, 4);
    for (const item of first.items) {
      assert.equal(item.user.id, 'pager');
      assert.equal(item.transport, 'websocket');
      assert.equal(item.clientVersion, 'test');
      assert.equal(item.missedHeartbeat, false);
    }
    for (const s of sockets) s.close();
  });

  it('clamps the page size so a console can never pull the whole list', async () => {
    const page = await connections({ page: 1, pageSize: 100_000 });
    assert.equal(page.pageSize, 200);
  });

  it('finds sockets by room and shows the rooms they joined', async () => {
    const socket = await server.client(await server.token('roomie'));
    await request(socket, 'join_chat', { room: '$ROOMY' });
    const page = await connections({ q: '$ROOMY' });
    assert.equal(page.total, 1);
    assert.deepEqual(page.items[0]?.rooms, ['$ROOMY']);
    socket.close();
  });

  it('serves the same page over REST', async () => {
    const socket = await server.client(await server.token('resty'));
    const res = await api<ConnectionsPage>(
      server.url,
      'GET',
      '/api/admin/connections?page=1&pageSize=5&q=resty',
      adminToken,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 1);
    assert.equal(res.body.items[0]?.id, socket.id);
    socket.close();
  });
});

describe('actions', () => {
  it('disconnects a socket, records a server kick and tells every console who did it', async () => {
    const victim = await server.client(await server.token('victim'));
    const id = victim.id;
    const gone = new Promise<string>((resolve) => victim.once('disconnect', resolve));
    const announced = nextEvent<AdminAction>(admin as unknown as ClientSocket, 'action');
    const ack = await adminRequest<{ id: string }>(admin, 'disconnect_socket', { id });
    assert.deepEqual(ack, { ok: true, data: { id } });
    assert.equal(await gone, 'io server disconnect');
    const action = await announced;
    assert.equal(action.actor.id, 'ops');
    assert.equal(action.action, 'disconnect');
    const o = await eventually(overview, (v) => (v.disconnects['server kick'] ?? 0) >= 1);
    assert.equal(o.disconnects['server kick'], 1);
  });

  it('answers not_found for a socket that is not connected', async () => {
    const res = await api<{ error: { code: string } }>(
      server.url,
      'POST',
      '/api/admin/connections/nope/disconnect',
      adminToken,
    );
    assert.equal(res.status, 404);
  });

  it('broadcasts a notice to one room only, and lists it in the room events', async () => {
    const inRoom = await server.client(await server.token('n1'));
    const outside = await server.client(await server.token('n2'));
    await request(inRoom, 'join_chat', { room: '$NOTE' });
    const received = nextEvent<NoticeEvent>(inRoom, 'notice');
    let leaked = false;
    outside.on('notice', () => (leaked = true));
    const res = await api<{ notice: NoticeEvent }>(
      server.url,
      'POST',
      '/api/admin/notices',
      adminToken,
      {
        text: 'Maintenance at 22:00',
        room: '$note',
      },
    );
    assert.equal(res.status, 201);
    const notice = await received;
    assert.equal(notice.text, 'Maintenance at 22:00');
    assert.equal(notice.room, '$NOTE');
    assert.equal(notice.from.id, 'ops');
    // A round trip on the outside socket: a notice sent to it would have arrived first.
    await request(outside, 'ping', { t: 1 });
    assert.equal(leaked, false);
    const events = await adminRequest<RoomEvent[]>(admin, 'room_events', { room: '$NOTE' });
    assert.ok(events.ok);
    assert.deepEqual(
      events.data.map((e) => e.kind),
      ['notice', 'join'],
    );
    inRoom.close();
    outside.close();
  });
});

describe('rooms', () => {
  it('lists active rooms with members, subscribers and message rate', async () => {
    const a = await server.client(await server.token('r1'));
    await request(a, 'join_chat', { room: '$ACTV' });
    await request(a, 'send_message', { room: '$ACTV', text: 'hello', clientId: 'c1' });
    const ack = await adminRequest<RoomActivity[]>(admin, 'rooms', {});
    assert.ok(ack.ok);
    const room = ack.data.find((r) => r.id === '$ACTV');
    assert.ok(room, 'room listed');
    assert.equal(room.members, 1);
    assert.equal(room.subscribers, 1);
    assert.equal(room.messagesPerMinute, 1);
    assert.equal(room.lastSeq, 1);
    assert.ok(room.lastActivity);
    a.close();
  });
});

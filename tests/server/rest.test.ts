import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JoinChatData, MessagesPage, RoomSummary } from '../../protocol/wire.js';
import { api, nextEvent, request } from '../support/server.js';
import { withServer } from '../support/fixtures.js';

const server = withServer();

describe('POST /api/rooms', () => {
  it('creates a group room with the creator and friends as members; strangers are refused', async () => {
    const ownerT = await server.token('rita', { friends: ['sam'] });
    await server.token('stranger');
    const refused = await api<{ error: { code: string } }>(
      server.url,
      'POST',
      '/api/rooms',
      ownerT,
      {
        name: 'Desk',
        members: ['sam', 'stranger'],
      },
    );
    assert.deepEqual([refused.status, refused.body.error.code], [403, 'forbidden']);

    const sam = await server.client(await server.token('sam'));
    const pushed = nextEvent<RoomSummary>(sam, 'room_added');
    const created = await api<{ room: RoomSummary }>(server.url, 'POST', '/api/rooms', ownerT, {
      name: ' Desk ',
      members: ['sam'],
    });
    assert.equal(created.status, 201);
    assert.match(created.body.room.id, /^g:[a-f0-9]{20}$/);
    assert.equal(created.body.room.name, 'Desk');
    assert.equal(created.body.room.memberCount, 2);

    assert.deepEqual(await pushed, created.body.room, 'members learn of the group live');
    const joined = await request<JoinChatData>(sam, 'join_chat', { room: created.body.room.id });
    assert.equal(joined.ok && joined.data.memberCount, 2);
    const stranger = await server.client(await server.token('stranger'));
    const denied = await request(stranger, 'join_chat', { room: created.body.room.id });
    assert.equal(!denied.ok && denied.error.code, 'forbidden');

    const samRooms = await api<{ rooms: RoomSummary[] }>(
      server.url,
      'GET',
      '/api/rooms',
      await server.token('sam'),
    );
    assert.ok(samRooms.body.rooms.some((r) => r.id === created.body.room.id && r.kind === 'group'));
  });
});

describe('GET /api/rooms/:room/messages', () => {
  it('pages history by ?before= like the history event, under the same permissions', async () => {
    const token = await server.token('reader');
    const socket = await server.client(token);
    for (let i = 1; i <= 4; i++)
      await request(socket, 'send_message', { room: '$REST', text: `r${i}`, clientId: `r${i}` });
    const page = await api<MessagesPage>(
      server.url,
      'GET',
      '/api/rooms/$rest/messages?limit=2',
      token,
    );
    assert.equal(page.status, 200);
    assert.deepEqual(
      page.body.messages.map((m) => m.seq),
      [3, 4],
    );
    assert.equal(page.body.hasMore, true);
    const older = await api<MessagesPage>(
      server.url,
      'GET',
      '/api/rooms/$REST/messages?before=3',
      token,
    );
    assert.deepEqual(
      older.body.messages.map((m) => m.text),
      ['r1', 'r2'],
    );
    assert.equal(older.body.hasMore, false);
    const dm = await api(server.url, 'GET', '/api/rooms/dm:reader:someone/messages', token);
    assert.equal(dm.status, 403);
    assert.equal((await api(server.url, 'GET', '/api/rooms/$REST/messages')).status, 401);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  FriendRequest,
  FriendUpdateEvent,
  JoinChatData,
  Message,
  PresenceEvent,
  ReadEvent,
  RoomSummary,
  SendMessageData,
  UnreadEvent,
} from '../../protocol/wire.js';
import { api, collect, nextEvent, request } from '../support/server.js';
import { withServer } from '../support/fixtures.js';

const server = withServer();

describe('friends and direct messages', () => {
  it('refuses a DM to a non-friend with forbidden, then allows it once the request is accepted', async () => {
    const annT = await server.token('ann', { name: 'Ann' });
    const benT = await server.token('ben', { name: 'Ben' });
    const ann = await server.client(annT);
    const ben = await server.client(benT);

    const denied = await request(ann, 'send_message', {
      room: 'dm:ben:ann',
      text: 'hi',
      clientId: 'd1',
    });
    assert.equal(!denied.ok && denied.error.code, 'forbidden');
    const deniedJoin = await request(ann, 'join_chat', { room: 'dm:ann:ben' });
    assert.equal(!deniedJoin.ok && deniedJoin.error.code, 'forbidden');

    const incoming = nextEvent<FriendRequest>(ben, 'friend_request');
    const asked = await api<{ request: FriendRequest }>(
      server.url,
      'POST',
      '/api/friends/requests',
      annT,
      { to: 'ben' },
    );
    assert.equal(asked.status, 201);
    assert.deepEqual(asked.body.request.from, { id: 'ann', name: 'Ann' });
    assert.equal((await incoming).id, asked.body.request.id);

    const again = await api<{ error: { code: string } }>(
      server.url,
      'POST',
      '/api/friends/requests',
      annT,
      { to: 'ben' },
    );
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'conflict');

    const notMine = await api(
      server.url,
      'POST',
      `/api/friends/requests/${asked.body.request.id}/accept`,
      annT,
    );
    assert.equal(notMine.status, 403);

    const annUpdate = nextEvent<FriendUpdateEvent>(ann, 'friend_update');
    const accepted = await api(
      server.url,
      'POST',
      `/api/friends/requests/${asked.body.request.id}/accept`,
      benT,
    );
    assert.equal(accepted.status, 200);
    assert.deepEqual(await annUpdate, {
      kind: 'accepted',
      friend: { id: 'ben', name: 'Ben' },
      room: 'dm:ann:ben',
    });

    const joinAck = await request<JoinChatData>(ben, 'join_chat', { room: 'dm:ben:ann' });
    assert.equal(joinAck.ok && joinAck.data.room, 'dm:ann:ben');
    const received = nextEvent<Message>(ben, 'new_message');
    const sent = await request<SendMessageData>(ann, 'send_message', {
      room: 'dm:ann:ben',
      text: 'hello Ben',
      clientId: 'd2',
    });
    assert.equal(sent.ok, true);
    assert.equal((await received).text, 'hello Ben');

    const twice = await api(server.url, 'POST', '/api/friends/requests', annT, { to: 'ben' });
    assert.equal(twice.status, 409, 'already friends');

    const friends = await api<{ friends: { id: string; status: string; room: string }[] }>(
      server.url,
      'GET',
      '/api/friends',
      annT,
    );
    assert.deepEqual(
      friends.body.friends.map((f) => [f.id, f.status, f.room]),
      [['ben', 'online', 'dm:ann:ben']],
    );
  });

  it('removing a friend closes the DM at once for both', async () => {
    const cT = await server.token('cat', { friends: ['dan'] });
    const dT = await server.token('dan');
    const cat = await server.client(cT);
    const dan = await server.client(dT);
    assert.equal((await request(dan, 'join_chat', { room: 'dm:cat:dan' })).ok, true);
    const update = nextEvent<FriendUpdateEvent>(dan, 'friend_update');
    const removed = await api(server.url, 'DELETE', '/api/friends/dan', cT);
    assert.equal(removed.status, 204);
    assert.equal((await update).kind, 'removed');
    const denied = await request(cat, 'send_message', {
      room: 'dm:cat:dan',
      text: 'still there?',
      clientId: 'r1',
    });
    assert.equal(!denied.ok && denied.error.code, 'forbidden');
    assert.equal((await api(server.url, 'DELETE', '/api/friends/dan', cT)).status, 404);
  });
});

describe('presence', () => {
  it('tells friends online once, and offline only when the last tab closes, with last-seen stored', async () => {
    const eveT = await server.token('eve', { friends: ['fay'] });
    const fay = await server.client(await server.token('fay'));
    const online = nextEvent<PresenceEvent>(
      fay,
      'presence',
      (e) => e.user.id === 'eve' && e.status === 'online',
    );
    const tab1 = await server.client(eveT);
    await online;
    const extraOnline = collect<PresenceEvent>(fay, 'presence', 300);
    const tab2 = await server.client(eveT);
    assert.equal((await extraOnline).length, 0, 'a second tab is not a second online');

    const early = collect<PresenceEvent>(fay, 'presence', 300);
    tab1.close();
    assert.equal((await early).length, 0, 'still online in the other tab');

    const offline = nextEvent<PresenceEvent>(fay, 'presence', (e) => e.status === 'offline');
    tab2.close();
    const event = await offline;
    assert.equal(event.user.id, 'eve');
    const [stored] = await server.store.getUsers(['eve']);
    assert.equal(stored?.lastSeen, event.lastSeen);
  });
});

describe('mark_read and unread', () => {
  it('sends read receipts to the DM and unread counts to the reader', async () => {
    const gT = await server.token('gus', { friends: ['hal'] });
    const hT = await server.token('hal');
    const gus = await server.client(gT);
    const hal = await server.client(hT);
    await request(gus, 'join_chat', { room: 'dm:gus:hal' });
    await request(hal, 'join_chat', { room: 'dm:gus:hal' });

    const unread = nextEvent<UnreadEvent>(hal, 'unread', (e) => e.count === 2);
    await request(gus, 'send_message', { room: 'dm:gus:hal', text: 'one', clientId: 'u1' });
    await request(gus, 'send_message', { room: 'dm:gus:hal', text: 'two', clientId: 'u2' });
    assert.deepEqual(await unread, { room: 'dm:gus:hal', count: 2 });

    const rooms = await api<{ rooms: RoomSummary[] }>(server.url, 'GET', '/api/rooms', hT);
    const dm = rooms.body.rooms.find((r) => r.id === 'dm:gus:hal');
    assert.equal(dm?.unread, 2);
    assert.equal(dm?.peer?.id, 'gus');
    assert.equal(dm?.lastMessage?.text, 'two');

    const senderRooms = await api<{ rooms: RoomSummary[] }>(server.url, 'GET', '/api/rooms', gT);
    assert.equal(
      senderRooms.body.rooms.find((r) => r.id === 'dm:gus:hal')?.unread,
      0,
      'own messages are read',
    );

    const receipt = nextEvent<ReadEvent>(gus, 'read');
    const marked = await request(hal, 'mark_read', { room: 'dm:gus:hal', seq: 99 });
    assert.deepEqual(
      marked,
      { ok: true, data: { room: 'dm:gus:hal', seq: 2 } },
      'clamped to the last seq',
    );
    assert.deepEqual(await receipt, {
      room: 'dm:gus:hal',
      user: { id: 'hal', name: 'hal' },
      seq: 2,
    });
    const back = await request(hal, 'mark_read', { room: 'dm:gus:hal', seq: 1 });
    assert.deepEqual(back, { ok: true, data: { room: 'dm:gus:hal', seq: 2 } }, 'never moves back');
    const after = await api<{ rooms: RoomSummary[] }>(server.url, 'GET', '/api/rooms', hT);
    assert.equal(after.body.rooms.find((r) => r.id === 'dm:gus:hal')?.unread, 0);
    const senderView = await api<{ rooms: RoomSummary[] }>(server.url, 'GET', '/api/rooms', gT);
    assert.equal(
      senderView.body.rooms.find((r) => r.id === 'dm:gus:hal')?.peerReadSeq,
      2,
      'receipts survive a reload',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  BlockedUsersData,
  FriendRequest,
  PresenceEvent,
  ReadEvent,
  RoomSummary,
  TypingEvent,
} from '../../protocol/wire.js';
import { api, nextEvent, request, type ClientSocket } from '../support/server.js';
import { withServer } from '../support/fixtures.js';
import { joinedClient, sendText } from '../support/chat.js';

const server = withServer();
const run = Math.random().toString(36).slice(2, 7);
/** Ids unique to this run, so the tests share one server without meeting. */
const ids = (tag: string) => ({
  blocker: `${tag}a${run}`,
  blocked: `${tag}b${run}`,
  other: `${tag}c${run}`,
});

/**
 * Records `event` at `socket` while `act` runs, until a ping round trip of that
 * socket after it: anything the server sent it meanwhile arrived before the answer.
 */
async function heardDuring<T>(
  socket: ClientSocket,
  event: string,
  act: () => Promise<unknown>,
): Promise<T[]> {
  const seen: T[] = [];
  const listener = (value: T) => seen.push(value);
  socket.on(event as 'typing', listener as never);
  try {
    await act();
    await request(socket, 'ping', { t: 1 });
  } finally {
    socket.off(event as 'typing', listener as never);
  }
  return seen;
}

async function block(socket: ClientSocket, userId: string): Promise<void> {
  const ack = await request(socket, 'block_user', { userId });
  assert.ok(ack.ok, JSON.stringify(ack));
}

describe('block_user: friend requests', () => {
  it('refuses a blocked user’s friend request with forbidden, and the blocker hears nothing', async () => {
    const { blocker, blocked } = ids('fr');
    const a = await server.client(await server.token(blocker));
    const bToken = await server.token(blocked);
    await block(a, blocked);
    let answer: { status: number; body: { error: { code: string; message: string } } } | undefined;
    const heard = await heardDuring<FriendRequest>(a, 'friend_request', async () => {
      answer = await api(server.url, 'POST', '/api/friends/requests', bToken, { to: blocker });
    });
    assert.equal(answer?.status, 403);
    assert.equal(answer?.body.error.code, 'forbidden');
    // The same words as a blocked DM: they do not say which side blocks.
    assert.equal(answer?.body.error.message, 'friend requests between these users are blocked');
    assert.deepEqual(heard, []);
    const list = await api<{ incoming: FriendRequest[] }>(
      server.url,
      'GET',
      '/api/friends',
      await server.token(blocker),
    );
    assert.deepEqual(list.body.incoming, []);
  });

  it('does not let the blocked user accept a request the blocker sent before the block', async () => {
    const { blocker, blocked } = ids('fa');
    const aToken = await server.token(blocker);
    const bToken = await server.token(blocked);
    const a = await server.client(aToken);
    const asked = await api<{ request: FriendRequest }>(
      server.url,
      'POST',
      '/api/friends/requests',
      aToken,
      { to: blocked },
    );
    assert.equal(asked.status, 201);
    await block(a, blocked);
    let accepted: { status: number } | undefined;
    const heard = await heardDuring(a, 'friend_update', async () => {
      accepted = await api(
        server.url,
        'POST',
        `/api/friends/requests/${asked.body.request.id}/accept`,
        bToken,
      );
    });
    assert.equal(accepted?.status, 403);
    assert.deepEqual(heard, []);
    const friends = await api<{ friends: unknown[] }>(server.url, 'GET', '/api/friends', aToken);
    assert.deepEqual(friends.body.friends, []);
  });
});

describe('block_user: groups', () => {
  it('refuses a group the blocked user creates with the blocker in it, and the blocker hears no room_added', async () => {
    const { blocker, blocked, other } = ids('gr');
    const a = await server.client(await server.token(blocker, { friends: [blocked] }));
    const bToken = await server.token(blocked, { friends: [blocker, other] });
    await block(a, blocked);
    let created: { status: number; body: { error: { code: string } } } | undefined;
    const heard = await heardDuring<RoomSummary>(a, 'room_added', async () => {
      created = await api(server.url, 'POST', '/api/rooms', bToken, {
        name: 'Trap',
        members: [blocker, other],
      });
    });
    assert.equal(created?.status, 403);
    assert.equal(created?.body.error.code, 'forbidden');
    assert.deepEqual(heard, []);
    const rooms = await api<{ rooms: RoomSummary[] }>(server.url, 'GET', '/api/rooms', bToken);
    assert.deepEqual(
      rooms.body.rooms.filter((r) => r.kind === 'group'),
      [],
    );
  });
});

describe('typing from a blocked user', () => {
  it('reaches the other sockets of a ticker room but not the blocker’s', async () => {
    const { blocker, blocked, other } = ids('tt');
    const room = '$BLKT';
    const a = await joinedClient(server, blocker, room);
    const b = await joinedClient(server, blocked, room);
    const c = await joinedClient(server, other, room);
    await block(a, blocked);
    const heard = await heardDuring<TypingEvent>(a, 'typing', async () => {
      const atOther = nextEvent<TypingEvent>(c, 'typing', (e) => e.user.id === blocked);
      b.emit('typing', { room, typing: true });
      assert.equal((await atOther).typing, true);
    });
    assert.deepEqual(heard, []);
  });

  it('does not reach the blocker in their DM or in a group, while the typist’s other tab hears it', async () => {
    const { blocker, blocked, other } = ids('td');
    const dm = [blocker, blocked].sort().join(':');
    const room = `dm:${dm}`;
    const a = await joinedClient(server, blocker, room, { friends: [blocked, other] });
    const b = await joinedClient(server, blocked, room, { friends: [other] });
    const bTab = await joinedClient(server, blocked, room);
    const aToken = await server.token(blocker);
    const group = await api<{ room: { id: string } }>(server.url, 'POST', '/api/rooms', aToken, {
      name: 'Both',
      members: [blocked, other],
    });
    assert.equal(group.status, 201);
    const g = group.body.room.id;
    for (const s of [a, b]) assert.ok((await request(s, 'join_chat', { room: g })).ok);
    const c = await joinedClient(server, other, g);
    await block(a, blocked);
    const heard = await heardDuring<TypingEvent>(a, 'typing', async () => {
      const inDm = nextEvent<TypingEvent>(bTab, 'typing', (e) => e.room === room);
      b.emit('typing', { room, typing: true });
      await inDm;
      const inGroup = nextEvent<TypingEvent>(c, 'typing', (e) => e.room === g);
      b.emit('typing', { room: g, typing: true });
      await inGroup;
    });
    assert.deepEqual(heard, []);
  });
});

describe('read receipts from a blocked user', () => {
  it('do not reach the blocker in their DM', async () => {
    const { blocker, blocked } = ids('rr');
    const room = `dm:${[blocker, blocked].sort().join(':')}`;
    const a = await joinedClient(server, blocker, room, { friends: [blocked] });
    const b = await joinedClient(server, blocked, room);
    const bTab = await joinedClient(server, blocked, room);
    const sent = await sendText(a, room, 'before the block');
    await block(a, blocked);
    const heard = await heardDuring<ReadEvent>(a, 'read', async () => {
      const atTab = nextEvent<ReadEvent>(bTab, 'read', (e) => e.room === room);
      const ack = await request(b, 'mark_read', { room, seq: sent.seq });
      assert.ok(ack.ok, JSON.stringify(ack));
      assert.equal((await atTab).seq, sent.seq);
    });
    assert.deepEqual(heard, []);
  });
});

describe('presence of a blocked user', () => {
  it('is not pushed to a friend who blocks them, only to their other friends', async () => {
    const { blocker, blocked, other } = ids('pr');
    const a = await server.client(await server.token(blocker, { friends: [blocked] }));
    const c = await server.client(await server.token(other, { friends: [blocked] }));
    const bToken = await server.token(blocked);
    await block(a, blocked);
    const heard = await heardDuring<PresenceEvent>(a, 'presence', async () => {
      const atFriend = nextEvent<PresenceEvent>(c, 'presence', (e) => e.user.id === blocked);
      await server.client(bToken);
      assert.equal((await atFriend).status, 'online');
    });
    assert.deepEqual(heard, []);
  });
});

describe('blocked_users', () => {
  it('lists the users the caller blocks by name, without presence, and drops one on unblock', async () => {
    const { blocker, blocked, other } = ids('bl');
    // Both blocked users have signed in once, so the server knows their names.
    await server.client(await server.token(blocked, { name: 'Zed Blocked' }));
    await server.client(await server.token(other, { name: 'Amy Other' }));
    const a = await server.client(await server.token(blocker));
    const empty = await request<BlockedUsersData>(a, 'blocked_users', {});
    assert.ok(empty.ok, JSON.stringify(empty));
    assert.deepEqual(empty.data.users, []);

    await block(a, blocked);
    await block(a, other);
    const listed = await request<BlockedUsersData>(a, 'blocked_users', {});
    assert.ok(listed.ok, JSON.stringify(listed));
    assert.deepEqual(listed.data.users, [
      { id: other, name: 'Amy Other' },
      { id: blocked, name: 'Zed Blocked' },
    ]);

    assert.ok((await request(a, 'unblock_user', { userId: blocked })).ok);
    const after = await request<BlockedUsersData>(a, 'blocked_users', {});
    assert.ok(after.ok, JSON.stringify(after));
    assert.deepEqual(
      after.data.users.map((u) => u.id),
      [other],
    );
  });

  it('lists a blocked id the server never saw by its id', async () => {
    const { blocker, blocked } = ids('bn');
    const a = await server.client(await server.token(blocker));
    await block(a, blocked);
    const listed = await request<BlockedUsersData>(a, 'blocked_users', {});
    assert.ok(listed.ok, JSON.stringify(listed));
    assert.deepEqual(listed.data.users, [{ id: blocked, name: blocked }]);
  });

  it('refuses a payload with fields as bad_request', async () => {
    const a = await server.client(await server.token(ids('bx').blocker));
    const ack = await request(a, 'blocked_users', { userId: 'x' });
    assert.equal(ack.ok, false);
    assert.equal(ack.ok ? '' : ack.error.code, 'bad_request');
  });
});

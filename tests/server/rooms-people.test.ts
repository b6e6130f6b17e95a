import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  FriendRequest,
  FriendRequestClosedEvent,
  Message,
  RoomCountsEvent,
  RoomSummary,
} from '../../protocol/wire.js';
import { api, ask, nextEvent, request } from '../support/server.js';
import { withServer } from '../support/fixtures.js';

const server = withServer();

const roomsOf = async (token: string) =>
  (await api<{ rooms: RoomSummary[] }>(server.url, 'GET', '/api/rooms', token)).body.rooms;

describe('leave_chat of a ticker room', () => {
  it('takes the room off the list on every tab, stops its events there, and a join brings it back', async () => {
    const annT = await server.token('lea', { name: 'Lea' });
    const benT = await server.token('lou', { name: 'Lou' });
    const [tab1, tab2, ben] = await Promise.all([
      server.client(annT),
      server.client(annT),
      server.client(benT),
    ]);
    for (const s of [tab1, tab2]) {
      await ask(s, 'join_chat', { room: '$LEAV' });
      await ask(s, 'join_chat', { room: '$STAY' });
    }
    await ask(ben, 'join_chat', { room: '$LEAV' });
    assert.ok((await roomsOf(annT)).some((r) => r.id === '$LEAV'));

    const left = nextEvent<{ room: string }>(tab2, 'room_left');
    assert.deepEqual(await ask(tab1, 'leave_chat', { room: '$leav' }), { room: '$LEAV' });
    assert.deepEqual(await left, { room: '$LEAV' });
    assert.ok(!(await roomsOf(annT)).some((r) => r.id === '$LEAV'), 'no longer listed');

    // Events of the room no longer reach the other tab: the one it still holds arrives alone.
    const seen: Message[] = [];
    tab2.on('new_message', (m) => seen.push(m));
    const stay = nextEvent<Message>(tab2, 'new_message', (m) => m.room === '$STAY');
    await ask(ben, 'send_message', { room: '$LEAV', text: 'after you left', clientId: 'l1' });
    await ask(ben, 'send_message', { room: '$STAY', text: 'still here', clientId: 'l2' });
    await stay;
    assert.deepEqual(
      seen.map((m) => m.room),
      ['$STAY'],
    );

    const again = await ask(tab2, 'join_chat', { room: '$LEAV' });
    assert.equal(again.room, '$LEAV');
    assert.ok(
      (await roomsOf(annT)).some((r) => r.id === '$LEAV'),
      'listed again after a join',
    );
  });
});

describe('mute_room', () => {
  it('keeps the mute per user across sessions and tells the other tabs', async () => {
    const token = await server.token('mia', { name: 'Mia' });
    const [tab1, tab2] = await Promise.all([server.client(token), server.client(token)]);
    await ask(tab1, 'join_chat', { room: '$MUTE' });
    const heard = nextEvent<{ room: string; muted: boolean }>(tab2, 'room_muted');
    assert.deepEqual(await ask(tab1, 'mute_room', { room: '$mute', muted: true }), {
      room: '$MUTE',
      muted: true,
    });
    assert.deepEqual(await heard, { room: '$MUTE', muted: true });
    assert.equal((await roomsOf(token)).find((r) => r.id === '$MUTE')?.muted, true);

    // A new session (another device) sees it in its join answer.
    const later = await server.client(token);
    assert.equal((await ask(later, 'join_chat', { room: '$MUTE' })).muted, true);
    await ask(later, 'mute_room', { room: '$MUTE', muted: false });
    assert.equal((await roomsOf(token)).find((r) => r.id === '$MUTE')?.muted, undefined);
  });

  it('refuses a room the user is not in, and bad input, changing nothing', async () => {
    const token = await server.token('moe');
    const socket = await server.client(token);
    const notIn = await request(socket, 'mute_room', { room: '$NOTIN', muted: true });
    assert.equal(!notIn.ok && notIn.error.code, 'conflict');
    const group = await request(socket, 'mute_room', { room: 'g:nosuchgroup', muted: true });
    assert.equal(!group.ok && group.error.code, 'not_found');
    for (const bad of [{ room: '$X', muted: 'yes' }, { room: 'nope', muted: true }, {}]) {
      const answer = await request(socket, 'mute_room', bad);
      assert.equal(!answer.ok && answer.error.code, 'bad_request', JSON.stringify(bad));
    }
    assert.deepEqual(await roomsOf(token), []);
  });
});

describe('room_counts', () => {
  it('reports member and online counts of a ticker room live', async () => {
    const [oliT, otoT] = await Promise.all([server.token('oli'), server.token('oto')]);
    const oli = await server.client(oliT);
    const first = await ask(oli, 'join_chat', { room: '$CNT' });
    assert.equal(first.memberCount, 1);
    assert.equal(first.online, 1);

    const oto = await server.client(otoT);
    const both = nextEvent<RoomCountsEvent>(oli, 'room_counts', (e) => e.online === 2, 6000);
    const joined = await ask(oto, 'join_chat', { room: '$CNT' });
    assert.equal(joined.online, 2);
    assert.deepEqual(await both, { room: '$CNT', members: 2, online: 2 });

    // Leaving the page (disconnect) keeps the membership; only the online count drops.
    const one = nextEvent<RoomCountsEvent>(oli, 'room_counts', (e) => e.online === 1, 6000);
    oto.disconnect();
    assert.deepEqual(await one, { room: '$CNT', members: 2, online: 1 });
  });
});

describe('room_members', () => {
  it('lists a group with display names, avatars and presence; refuses tickers and outsiders', async () => {
    const gusT = await server.token('gus', {
      name: 'Gus',
      friends: ['gia'],
      avatar: 'https://example.com/gus.png',
    });
    const giaT = await server.token('gia', { name: 'Gia' });
    const outT = await server.token('gout');
    const [gus, out] = await Promise.all([server.client(gusT), server.client(outT)]);
    const created = await api<{ room: RoomSummary }>(server.url, 'POST', '/api/rooms', gusT, {
      name: 'Desk',
      members: ['gia'],
    });
    const room = created.body.room.id;
    assert.deepEqual(await ask(gus, 'room_members', { room }), {
      room,
      members: [
        { id: 'gia', name: 'Gia', status: 'offline' },
        { id: 'gus', name: 'Gus', avatar: 'https://example.com/gus.png', status: 'online' },
      ],
    });
    void giaT;
    const ticker = await request(gus, 'room_members', { room: '$AAPL' });
    assert.equal(!ticker.ok && ticker.error.code, 'bad_request');
    const outsider = await request(out, 'room_members', { room });
    assert.equal(!outsider.ok && outsider.error.code, 'forbidden');
  });
});

describe('DELETE /api/friends/requests/:id', () => {
  it('declines (recipient) and cancels (sender) a pending request, live on both sides', async () => {
    const [danT, dotT, dixT] = await Promise.all([
      server.token('dan', { name: 'Dan' }),
      server.token('dot', { name: 'Dot' }),
      server.token('dix', { name: 'Dix' }),
    ]);
    const [dan, dot] = await Promise.all([server.client(danT), server.client(dotT)]);
    const asked = await api<{ request: FriendRequest }>(
      server.url,
      'POST',
      '/api/friends/requests',
      danT,
      { to: 'dot' },
    );
    const id = asked.body.request.id;
    const stranger = await api(server.url, 'DELETE', `/api/friends/requests/${id}`, dixT);
    assert.equal(stranger.status, 403);

    const danHears = nextEvent<FriendRequestClosedEvent>(dan, 'friend_request_closed');
    const dotHears = nextEvent<FriendRequestClosedEvent>(dot, 'friend_request_closed');
    const declined = await api(server.url, 'DELETE', `/api/friends/requests/${id}`, dotT);
    assert.equal(declined.status, 204);
    for (const event of await Promise.all([danHears, dotHears])) {
      assert.equal(event.reason, 'declined');
      assert.equal(event.request.id, id);
      assert.equal(event.request.to.name, 'Dot');
    }
    const gone = await api(server.url, 'DELETE', `/api/friends/requests/${id}`, dotT);
    assert.equal(gone.status, 404);
    const lists = await api<{ incoming: FriendRequest[] }>(server.url, 'GET', '/api/friends', dotT);
    assert.deepEqual(lists.body.incoming, []);

    const again = await api<{ request: FriendRequest }>(
      server.url,
      'POST',
      '/api/friends/requests',
      danT,
      { to: 'dot' },
    );
    assert.equal(again.status, 201, 'a declined request can be made again');
    const cancelled = nextEvent<FriendRequestClosedEvent>(dot, 'friend_request_closed');
    const byDan = await api(
      server.url,
      'DELETE',
      `/api/friends/requests/${again.body.request.id}`,
      danT,
    );
    assert.equal(byDan.status, 204);
    assert.equal((await cancelled).reason, 'cancelled');
  });
});

describe('sender avatars', () => {
  it('carries the https avatar of the token on live and stored messages, never another scheme', async () => {
    const avaT = await server.token('ava', {
      name: 'Ava',
      avatar: 'https://example.com/ava.png',
    });
    const avi = await server.client(await server.token('avi'));
    const ava = await server.client(avaT);
    await ask(avi, 'join_chat', { room: '$AVTR' });
    await ask(ava, 'join_chat', { room: '$AVTR' });
    const live = nextEvent<Message>(avi, 'new_message');
    await ask(ava, 'send_message', { room: '$AVTR', text: 'hi', clientId: 'a1' });
    assert.equal((await live).sender.avatar, 'https://example.com/ava.png');
    const page = await ask(avi, 'history', { room: '$AVTR' });
    assert.equal(page.messages[0]?.sender.avatar, 'https://example.com/ava.png');
    const refused = await api(server.url, 'POST', '/api/dev/token', undefined, {
      sub: 'avx',
      avatar: 'javascript:alert(1)',
    });
    assert.equal(refused.status, 400);
  });
});

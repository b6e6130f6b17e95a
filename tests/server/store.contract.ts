import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Message } from '../../protocol/wire.js';
import type { NewMessage, Store } from '../../server/store/types.js';

/** A fresh id per test, so the suite can share one database (and rerun on a persistent MongoDB). */
const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const newRoom = async (store: Store, createdBy?: string) => {
  // `created` says whether this call made it; the rest is the room as getRoom reads it.
  const { created: _created, ...room } = await store.ensureRoom({
    id: `g:${uid('r')}`,
    kind: 'group',
    name: 'Room',
    createdBy,
  });
  return room;
};
const seqs = (messages: Message[]) => messages.map((m) => m.seq);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

function draft(room: string, sender: string, clientId: string, extra: Partial<NewMessage> = {}) {
  return {
    room,
    clientId,
    sender: { id: sender, name: `Name ${sender}` },
    text: `hello from ${sender} (${clientId})`,
    cashtags: [],
    createdAt: new Date(),
    ...extra,
  } satisfies NewMessage;
}

/** Appends `n` messages one after another and returns them. */
async function fill(store: Store, room: string, n: number): Promise<Message[]> {
  const out: Message[] = [];
  for (let i = 1; i <= n; i++)
    out.push((await store.appendMessage(draft(room, 'filler', `c${i}`))).message);
  return out;
}

/**
 * The behaviour every Store adapter must share. `open` returns a new store on the
 * same underlying data each time it is called (same SQLite file, same MongoDB
 * database), which is how persistence and close() are checked.
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    describe('users', () => {
      it('upserts a user and reads it back without optional fields it lacks', async () => {
        const id = uid('u');
        await store.upsertUser({ id, name: 'Ada' });
        assert.deepEqual(await store.getUsers([id]), [{ id, name: 'Ada' }]);
      });

      it('updates name and avatar on a second upsert', async () => {
        const id = uid('u');
        await store.upsertUser({ id, name: 'Ada', avatar: 'https://a.example/1.png' });
        await store.upsertUser({ id, name: 'Ada L.', avatar: 'https://a.example/2.png' });
        assert.deepEqual(await store.getUsers([id]), [
          { id, name: 'Ada L.', avatar: 'https://a.example/2.png' },
        ]);
      });

      it('returns only the users that exist, and nothing for an empty list', async () => {
        const [a, b] = [uid('u'), uid('u')];
        await store.upsertUser({ id: a, name: 'A' });
        await store.upsertUser({ id: b, name: 'B' });
        const users = await store.getUsers([a, uid('missing'), b]);
        assert.deepEqual(users.map((u) => u.id).sort(), [a, b].sort());
        assert.deepEqual(await store.getUsers([]), []);
      });

      it('reads any number of users at once (40 000 ids, beyond SQL variable limits)', async () => {
        const id = uid('u');
        await store.upsertUser({ id, name: 'Needle' });
        const ids = range(1, 40_000).map((i) => `${id}-missing-${i}`);
        ids.splice(20_000, 0, id);
        assert.deepEqual(await store.getUsers(ids), [{ id, name: 'Needle' }]);
      });

      it('stores last seen as an ISO timestamp', async () => {
        const id = uid('u');
        const at = new Date('2024-05-06T07:08:09.123Z');
        await store.upsertUser({ id, name: 'Seen' });
        await store.setLastSeen(id, at);
        const [user] = await store.getUsers([id]);
        assert.equal(user?.lastSeen, at.toISOString());
      });
    });

    describe('rooms and members', () => {
      it('creates a room once and returns the original on later calls', async () => {
        const id = `g:${uid('r')}`;
        const created = await store.ensureRoom({
          id,
          kind: 'group',
          name: 'First',
          createdBy: 'ada',
        });
        assert.equal(created.id, id);
        assert.equal(created.kind, 'group');
        assert.equal(created.name, 'First');
        assert.equal(created.createdBy, 'ada');
        assert.equal(created.lastSeq, 0);
        assert.equal(created.lastActivity, null);
        assert.ok(!Number.isNaN(Date.parse(created.createdAt)));
        assert.equal(created.created, true, 'the first call says it created the room');
        await store.appendMessage(draft(id, 'ada', 'c1'));
        const { created: madeAgain, ...again } = await store.ensureRoom({
          id,
          kind: 'group',
          name: 'Second',
        });
        assert.ok(!madeAgain, 'a later call does not');
        assert.equal(again.name, 'First');
        assert.equal(again.createdBy, 'ada');
        assert.equal(again.lastSeq, 1);
        assert.deepEqual(await store.getRoom(id), again);
        assert.equal((await newRoom(store)).createdBy, null);
      });

      it('creates a room once when many callers ensure it at the same time', async () => {
        const id = `$${randomUUID()
          .replace(/[^a-f]/g, '')
          .slice(0, 5)
          .toUpperCase()}X`;
        const rooms = await Promise.all(
          range(1, 8).map(() => store.ensureRoom({ id, kind: 'ticker', name: id })),
        );
        assert.ok(rooms.every((r) => r.id === id && r.createdAt === rooms[0]!.createdAt));
        assert.equal(rooms.filter((r) => r.created).length, 1, 'exactly one caller created it');
        assert.equal((await store.getRoom(id))?.kind, 'ticker');
      });

      it('returns null for a room that does not exist', async () => {
        assert.equal(await store.getRoom(`g:${uid('none')}`), null);
      });

      it('adds members idempotently, counts, lists and removes them', async () => {
        const room = await newRoom(store);
        const [a, b, c] = [uid('u'), uid('u'), uid('u')];
        await store.addMembers(room.id, [a, b]);
        await store.addMembers(room.id, [b, c]);
        assert.equal(await store.memberCount(room.id), 3);
        assert.deepEqual((await store.members(room.id)).sort(), [a, b, c].sort());
        assert.equal(await store.isMember(room.id, b), true);
        await store.removeMember(room.id, b);
        await store.removeMember(room.id, uid('never'));
        assert.equal(await store.isMember(room.id, b), false);
        assert.equal(await store.memberCount(room.id), 2);
        assert.equal(await store.memberCount(`g:${uid('none')}`), 0);
        assert.deepEqual(await store.members(`g:${uid('none')}`), []);
      });

      it('lists the rooms of a user, most recently active first, with read markers', async () => {
        const user = uid('u');
        const [quiet, older, newer] = [
          await newRoom(store),
          await newRoom(store),
          await newRoom(store),
        ];
        const other = await newRoom(store);
        await store.addMembers(quiet.id, [user]);
        await store.addMembers(older.id, [user]);
        await store.addMembers(newer.id, [user]);
        const soon = Date.now() + 60_000;
        const author = uid('a');
        await store.appendMessage(draft(older.id, author, 'o1', { createdAt: new Date(soon) }));
        await store.appendMessage(
          draft(newer.id, author, 'n1', { createdAt: new Date(soon + 1000) }),
        );
        await store.appendMessage(
          draft(newer.id, author, 'n2', { createdAt: new Date(soon + 2000) }),
        );
        await store.markRead(newer.id, user, 1);
        const { rooms } = await store.roomsOf(user, { limit: 100 });
        assert.deepEqual(
          rooms.map((r) => r.id),
          [newer.id, older.id, quiet.id],
        );
        assert.ok(!rooms.some((r) => r.id === other.id));
        assert.deepEqual(
          rooms.map((r) => [r.lastSeq, r.readSeq]),
          [
            [2, 1],
            [1, 0],
            [0, 0],
          ],
        );
        assert.equal(rooms[0]!.lastActivity, new Date(soon + 2000).toISOString());
        assert.deepEqual(await store.roomsOf(uid('nobody'), { limit: 100 }), {
          rooms: [],
          next: null,
        });
        await store.removeMember(older.id, user);
        assert.deepEqual(
          (await store.roomsOf(user, { limit: 100 })).rooms.map((r) => r.id),
          [newer.id, quiet.id],
        );
      });

      it('moves the sender’s read marker to each new message it stores', async () => {
        const room = await newRoom(store);
        const [sender, reader] = [uid('s'), uid('r')];
        await store.addMembers(room.id, [sender, reader]);
        await store.appendMessage(draft(room.id, sender, 'm1'));
        await store.appendMessage(draft(room.id, sender, 'm2'));
        assert.equal(await store.readSeq(room.id, sender), 2);
        assert.equal(await store.readSeq(room.id, reader), 0);
      });

      it('lists active rooms most recently active first, up to the limit', async () => {
        const room = await newRoom(store);
        await store.appendMessage(
          draft(room.id, 'ada', 'c1', { createdAt: new Date(Date.now() + 86_400_000) }),
        );
        const rooms = await store.listRooms(5);
        assert.ok(rooms.length <= 5 && rooms.length >= 1);
        assert.equal(rooms[0]!.id, room.id);
        const activity = rooms.map((r) => Date.parse(r.lastActivity ?? r.createdAt));
        assert.deepEqual(
          activity,
          [...activity].sort((x, y) => y - x),
        );
        assert.equal((await store.listRooms(1)).length, 1);
      });
    });

    describe('appendMessage', () => {
      it('stores the first message of a room with seq 1 and every field intact', async () => {
        const room = await newRoom(store);
        const input = draft(room.id, 'ada', 'first', {
          text: 'Long $AAPL and $BRK.A 🚀\nsecond line',
          cashtags: ['$AAPL', '$BRK.A'],
          createdAt: new Date('2024-01-02T03:04:05.678Z'),
        });
        const { message, created } = await store.appendMessage(input);
        assert.equal(created, true);
        assert.equal(typeof message.id, 'string');
        assert.ok(message.id.length > 0);
        assert.deepEqual(message, {
          id: message.id,
          room: room.id,
          seq: 1,
          clientId: 'first',
          sender: { id: 'ada', name: 'Name ada', kind: 'user' },
          text: input.text,
          createdAt: '2024-01-02T03:04:05.678Z',
          cashtags: ['$AAPL', '$BRK.A'],
          rev: 1,
          mentions: [],
          reactions: [],
        });
        const page = await store.since(room.id, 0, 10);
        assert.deepEqual(page.messages, [message]);
        const stored = await store.getRoom(room.id);
        assert.equal(stored?.lastSeq, 1);
        assert.equal(stored?.lastActivity, '2024-01-02T03:04:05.678Z');
      });

      it('numbers messages 1, 2, 3… in each room independently', async () => {
        const [r1, r2] = [await newRoom(store), await newRoom(store)];
        assert.deepEqual(seqs(await fill(store, r1.id, 3)), [1, 2, 3]);
        assert.deepEqual(seqs(await fill(store, r2.id, 2)), [1, 2]);
        assert.equal((await store.appendMessage(draft(r1.id, 'ada', 'x'))).message.seq, 4);
      });

      it('keeps seq gap-free and unique when many appends in several rooms arrive at once', async () => {
        const rooms = await Promise.all(range(1, 4).map(() => newRoom(store)));
        const perRoom = 25;
        const results = await Promise.all(
          range(1, perRoom).flatMap((i) =>
            rooms.map((r) => store.appendMessage(draft(r.id, `s${i % 3}`, `c${i}`))),
          ),
        );
        assert.ok(results.every((r) => r.created));
        for (const room of rooms) {
          const mine = results.filter((r) => r.message.room === room.id).map((r) => r.message.seq);
          assert.deepEqual(
            mine.sort((a, b) => a - b),
            range(1, perRoom),
          );
          const page = await store.since(room.id, 0, 100);
          assert.deepEqual(seqs(page.messages), range(1, perRoom));
          assert.equal((await store.getRoom(room.id))?.lastSeq, perRoom);
        }
        assert.equal(new Set(results.map((r) => r.message.id)).size, results.length);
      });

      it('returns the original message, created=false, for a repeated (room, sender, clientId)', async () => {
        const room = await newRoom(store);
        const first = await store.appendMessage(draft(room.id, 'ada', 'same'));
        await store.appendMessage(draft(room.id, 'bob', 'other'));
        const retry = await store.appendMessage(
          draft(room.id, 'ada', 'same', { text: 'edited retry', createdAt: new Date(0) }),
        );
        assert.equal(retry.created, false);
        assert.deepEqual(retry.message, first.message);
        assert.deepEqual(seqs((await store.since(room.id, 0, 10)).messages), [1, 2]);
        assert.equal((await store.getRoom(room.id))?.lastSeq, 2);
        assert.equal((await store.appendMessage(draft(room.id, 'ada', 'next'))).message.seq, 3);
      });

      it('stores one message when the same retry arrives many times at once, without a gap', async () => {
        const room = await newRoom(store);
        await fill(store, room.id, 2);
        const results = await Promise.all(
          range(1, 6).map(() => store.appendMessage(draft(room.id, 'ada', 'burst'))),
        );
        assert.equal(results.filter((r) => r.created).length, 1);
        assert.ok(
          results.every((r) => r.message.id === results[0]!.message.id && r.message.seq === 3),
        );
        assert.equal((await store.appendMessage(draft(room.id, 'ada', 'after'))).message.seq, 4);
        assert.deepEqual(seqs((await store.since(room.id, 0, 10)).messages), [1, 2, 3, 4]);
      });

      it('treats the same clientId from another sender or in another room as a new message', async () => {
        const [r1, r2] = [await newRoom(store), await newRoom(store)];
        const a = await store.appendMessage(draft(r1.id, 'ada', 'shared'));
        const b = await store.appendMessage(draft(r1.id, 'bob', 'shared'));
        const c = await store.appendMessage(draft(r2.id, 'ada', 'shared'));
        assert.ok(a.created && b.created && c.created);
        assert.deepEqual([a.message.seq, b.message.seq, c.message.seq], [1, 2, 1]);
        assert.notEqual(a.message.id, b.message.id);
      });

      it('round-trips cashtags, including none', async () => {
        const room = await newRoom(store);
        await store.appendMessage(draft(room.id, 'ada', 'none', { cashtags: [] }));
        await store.appendMessage(draft(room.id, 'ada', 'two', { cashtags: ['$TSLA', '$BRK.B'] }));
        const { messages } = await store.history(room.id, undefined, 10);
        assert.deepEqual(
          messages.map((m) => m.cashtags),
          [[], ['$TSLA', '$BRK.B']],
        );
      });

      it('round-trips mentions and a reply quote; a message without them has [] and no replyTo', async () => {
        const room = await newRoom(store);
        const plain = (await store.appendMessage(draft(room.id, 'ada', 'plain'))).message;
        const replyTo = { seq: plain.seq, sender: plain.sender, excerpt: 'hello…' };
        const reply = await store.appendMessage(
          draft(room.id, 'bo', 'reply', { mentions: ['ada', 'cy.d'], replyTo }),
        );
        assert.deepEqual(reply.message.mentions, ['ada', 'cy.d']);
        assert.deepEqual(reply.message.replyTo, replyTo);
        const { messages } = await store.history(room.id, undefined, 10);
        assert.deepEqual(plain.mentions, []);
        assert.equal('replyTo' in messages[0]!, false);
        assert.deepEqual(messages[1], reply.message);
        const again = await store.appendMessage(draft(room.id, 'bo', 'reply', { mentions: [] }));
        assert.deepEqual(again.message, reply.message, 'a retry returns the stored original');
      });

      it('counts reactions per emoji, bumps rev only on a change, and tells each user theirs', async () => {
        const room = await newRoom(store);
        const { message } = await store.appendMessage(draft(room.id, 'ada', 'react to me'));
        const first = await store.react(room.id, message.seq, 'bo', '🚀', true);
        assert.equal(first?.changed, true);
        assert.deepEqual(first?.message.reactions, [{ emoji: '🚀', count: 1 }]);
        assert.ok(first!.message.rev > message.rev);
        const same = await store.react(room.id, message.seq, 'bo', '🚀', true);
        assert.deepEqual([same?.changed, same?.message.rev], [false, first!.message.rev]);
        await store.react(room.id, message.seq, 'cy', '🚀', true);
        const third = await store.react(room.id, message.seq, 'cy', '👀', true);
        assert.deepEqual(third?.message.reactions, [
          { emoji: '🚀', count: 2 },
          { emoji: '👀', count: 1 },
        ]);
        assert.equal((await store.getRoom(room.id))?.lastRev, third?.message.rev);
        const mine = await store.reactionsBy(room.id, 'cy', [message.seq, message.seq + 5]);
        assert.deepEqual([...mine], [[message.seq, ['🚀', '👀']]]);
        const off = await store.react(room.id, message.seq, 'bo', '🚀', false);
        assert.deepEqual(off?.message.reactions, [
          { emoji: '🚀', count: 1 },
          { emoji: '👀', count: 1 },
        ]);
        const changed = await store.changedSince(room.id, message.rev, message.seq, 10);
        assert.deepEqual(changed.messages[0]?.reactions, off?.message.reactions);
        assert.equal(await store.react(room.id, message.seq + 9, 'bo', '👍', true), null);
        await store.deleteMessage(room.id, message.seq, 'sender', new Date());
        assert.equal(await store.react(room.id, message.seq, 'bo', '👍', true), null);
        assert.deepEqual((await store.getMessage(room.id, message.seq))?.reactions, []);
      });

      it('rejects a message to a room that does not exist, alone, and stores nothing', async () => {
        const id = `g:${uid('none')}`;
        const room = await newRoom(store);
        // Issued together, so a store that writes in batches gets the bad one in a batch.
        const [good1, bad, good2] = await Promise.allSettled([
          store.appendMessage(draft(room.id, 'ada', 'g1')),
          store.appendMessage(draft(id, 'ada', 'c1')),
          store.appendMessage(draft(room.id, 'ada', 'g2')),
        ]);
        assert.equal(bad.status, 'rejected');
        assert.equal(good1.status, 'fulfilled');
        assert.equal(good2.status, 'fulfilled');
        assert.equal(await store.getRoom(id), null);
        assert.deepEqual((await store.since(id, 0, 10)).messages, []);
        assert.deepEqual(seqs((await store.since(room.id, 0, 10)).messages), [1, 2]);
      });
    });

    describe('history and since', () => {
      it('pages history backwards by beforeSeq, each page oldest first', async () => {
        const room = await newRoom(store);
        await fill(store, room.id, 25);
        const p1 = await store.history(room.id, undefined, 10);
        assert.deepEqual([seqs(p1.messages), p1.hasMore], [range(16, 25), true]);
        const p2 = await store.history(room.id, 16, 10);
        assert.deepEqual([seqs(p2.messages), p2.hasMore], [range(6, 15), true]);
        const p3 = await store.history(room.id, 6, 10);
        assert.deepEqual([seqs(p3.messages), p3.hasMore], [range(1, 5), false]);
        const p4 = await store.history(room.id, 1, 10);
        assert.deepEqual([p4.messages, p4.hasMore], [[], false]);
        const exact = await store.history(room.id, 11, 10);
        assert.deepEqual([seqs(exact.messages), exact.hasMore], [range(1, 10), false]);
      });

      it('returns an empty page for an empty or unknown room', async () => {
        const room = await newRoom(store);
        assert.deepEqual(await store.history(room.id, undefined, 10), {
          messages: [],
          hasMore: false,
        });
        assert.deepEqual(await store.since(`g:${uid('none')}`, 0, 10), {
          messages: [],
          hasMore: false,
        });
      });

      it('pages forward after afterSeq, oldest first', async () => {
        const room = await newRoom(store);
        const all = await fill(store, room.id, 25);
        const p1 = await store.since(room.id, 0, 10);
        assert.deepEqual([seqs(p1.messages), p1.hasMore], [range(1, 10), true]);
        assert.deepEqual(p1.messages, all.slice(0, 10));
        const p2 = await store.since(room.id, 10, 10);
        assert.deepEqual([seqs(p2.messages), p2.hasMore], [range(11, 20), true]);
        const p3 = await store.since(room.id, 20, 10);
        assert.deepEqual([seqs(p3.messages), p3.hasMore], [range(21, 25), false]);
        const p4 = await store.since(room.id, 25, 10);
        assert.deepEqual([p4.messages, p4.hasMore], [[], false]);
        const exact = await store.since(room.id, 15, 10);
        assert.deepEqual([seqs(exact.messages), exact.hasMore], [range(16, 25), false]);
      });
    });

    describe('read markers', () => {
      it('moves a member read marker forward and never back', async () => {
        const room = await newRoom(store);
        const user = uid('u');
        await store.addMembers(room.id, [user]);
        await fill(store, room.id, 8);
        assert.equal(await store.readSeq(room.id, user), 0);
        assert.equal(await store.markRead(room.id, user, 5), 5);
        assert.equal(await store.markRead(room.id, user, 3), 5);
        assert.equal(await store.readSeq(room.id, user), 5);
        assert.equal(await store.markRead(room.id, user, 7), 7);
        assert.equal(await store.readSeq(room.id, user), 7);
      });

      it('reads the markers of several users, missing users at 0', async () => {
        const room = await newRoom(store);
        const [a, b, c] = [uid('u'), uid('u'), uid('u')];
        await store.addMembers(room.id, [a, b]);
        await fill(store, room.id, 4);
        await store.markRead(room.id, a, 4);
        await store.markRead(room.id, b, 2);
        const marks = await store.readSeqs(room.id, [a, b, c]);
        assert.deepEqual(
          [...marks.entries()].sort(),
          [
            [a, 4],
            [b, 2],
            [c, 0],
          ].sort(),
        );
        assert.equal((await store.readSeqs(room.id, [])).size, 0);
        const many = range(1, 40_000).map((i) => `${c}-${i}`);
        const wide = await store.readSeqs(room.id, [...many, a]);
        assert.equal(wide.size, 40_001);
        assert.equal(wide.get(a), 4);
        assert.equal(wide.get(many[0]!), 0);
      });

      it('stores no marker for a non-member', async () => {
        const room = await newRoom(store);
        const outsider = uid('u');
        await fill(store, room.id, 2);
        assert.equal(await store.markRead(room.id, outsider, 2), 0);
        assert.equal(await store.readSeq(room.id, outsider), 0);
        assert.equal(await store.isMember(room.id, outsider), false);
      });
    });

    describe('friends', () => {
      it('creates, gets and finds a pending request in either direction', async () => {
        const [a, b] = [uid('u'), uid('u')];
        const request = await store.createFriendRequest(a, b);
        assert.equal(request.from, a);
        assert.equal(request.to, b);
        assert.equal(request.status, 'pending');
        assert.ok(request.id.length > 0 && !Number.isNaN(Date.parse(request.createdAt)));
        assert.deepEqual(await store.getFriendRequest(request.id), request);
        assert.deepEqual(await store.findFriendRequest(a, b), request);
        assert.deepEqual(await store.findFriendRequest(b, a), request);
        assert.equal(await store.findFriendRequest(a, uid('u')), null);
        assert.equal(await store.getFriendRequest(randomUUID()), null);
        assert.deepEqual(await store.friendRequestsOf(b), { incoming: [request], outgoing: [] });
        assert.deepEqual(await store.friendRequestsOf(a), { incoming: [], outgoing: [request] });
        assert.equal(await store.areFriends(a, b), false);
      });

      it('makes both users friends when a request is accepted', async () => {
        const [a, b, c] = [uid('u'), uid('u'), uid('u')];
        const request = await store.createFriendRequest(a, b);
        const accepted = await store.acceptFriendRequest(request.id);
        assert.deepEqual(accepted, { ...request, status: 'accepted' });
        assert.equal((await store.getFriendRequest(request.id))?.status, 'accepted');
        assert.equal(await store.areFriends(a, b), true);
        assert.equal(await store.areFriends(b, a), true);
        assert.equal(await store.findFriendRequest(a, b), null);
        assert.deepEqual(await store.friendRequestsOf(b), { incoming: [], outgoing: [] });
        await store.acceptFriendRequest((await store.createFriendRequest(c, a)).id);
        assert.deepEqual((await store.friendsOf(a)).sort(), [b, c].sort());
        assert.deepEqual(await store.friendsOf(b), [a]);
        assert.deepEqual(await store.friendsOf(uid('u')), []);
      });

      it('rejects accepting a request that does not exist', async () => {
        await assert.rejects(store.acceptFriendRequest(randomUUID()));
      });

      it('removes a friendship and its request once; false the second time', async () => {
        const [a, b] = [uid('u'), uid('u')];
        const request = await store.createFriendRequest(a, b);
        await store.acceptFriendRequest(request.id);
        assert.equal(await store.removeFriend(b, a), true);
        assert.equal(await store.areFriends(a, b), false);
        assert.deepEqual(await store.friendsOf(a), []);
        assert.equal(await store.getFriendRequest(request.id), null);
        assert.equal(await store.removeFriend(a, b), false);
      });

      it('drops a pending request between two users who are not friends', async () => {
        const [a, b] = [uid('u'), uid('u')];
        await store.createFriendRequest(a, b);
        assert.equal(await store.removeFriend(a, b), false);
        assert.equal(await store.findFriendRequest(a, b), null);
        assert.deepEqual(await store.friendRequestsOf(a), { incoming: [], outgoing: [] });
      });
    });

    describe('lifecycle', () => {
      it('answers ping', async () => {
        assert.equal(await store.ping(), true);
      });

      it('keeps everything across close and reopen', async () => {
        const [a, b] = [uid('u'), uid('u')];
        let s = await open();
        await s.upsertUser({ id: a, name: 'Ada', avatar: 'https://a.example/a.png' });
        const room = await newRoom(s, a);
        await s.addMembers(room.id, [a, b]);
        const written = await fill(s, room.id, 5);
        await s.markRead(room.id, b, 3);
        await s.acceptFriendRequest((await s.createFriendRequest(a, b)).id);
        await s.close();

        s = await open();
        try {
          assert.deepEqual(await s.getUsers([a]), [
            { id: a, name: 'Ada', avatar: 'https://a.example/a.png' },
          ]);
          assert.deepEqual(await s.getRoom(room.id), {
            ...room,
            lastSeq: 5,
            lastRev: 5,
            lastActivity: written[4]!.createdAt,
          });
          assert.deepEqual((await s.members(room.id)).sort(), [a, b].sort());
          assert.equal(await s.readSeq(room.id, b), 3);
          assert.equal(await s.areFriends(b, a), true);
          assert.deepEqual((await s.since(room.id, 0, 10)).messages, written);
          const retry = await s.appendMessage(draft(room.id, 'filler', 'c2'));
          assert.deepEqual(retry, { message: written[1], created: false });
          assert.equal((await s.appendMessage(draft(room.id, a, 'after'))).message.seq, 6);
        } finally {
          await s.close();
        }
      });

      it('writes every pending append before close resolves', async () => {
        let s = await open();
        const room = await newRoom(s);
        const pending = range(1, 30).map((i) => s.appendMessage(draft(room.id, 'ada', `c${i}`)));
        await s.close();
        const results = await Promise.all(pending);
        assert.ok(results.every((r) => r.created));
        await assert.rejects(s.appendMessage(draft(room.id, 'ada', 'too-late')));
        s = await open();
        try {
          assert.deepEqual(seqs((await s.since(room.id, 0, 100)).messages), range(1, 30));
        } finally {
          await s.close();
        }
      });
    });
  });
}

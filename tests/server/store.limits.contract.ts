import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../server/errors.js';
import type { Store } from '../../server/store/types.js';

const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export interface ContractHooks {
  /** Counts the queries the adapter runs while `work` does, when the adapter allows it. */
  countQueries?: (work: () => Promise<unknown>) => Promise<number>;
}

/**
 * The store features hardening added (paged room lists at a fixed query cost,
 * membership counts, one pending friend request per pair, write health), held
 * to the same behaviour on every adapter.
 */
export function storeLimitsContract(
  name: string,
  open: () => Promise<Store>,
  hooks: ContractHooks = {},
): void {
  describe(`Store contract (limits and paging): ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    /** A user in `n` group rooms, each with one message a second apart (newest last). */
    async function member(n: number): Promise<{ user: string; rooms: string[] }> {
      const user = uid('u');
      const rooms: string[] = [];
      const start = Date.now() + 3_600_000;
      for (let i = 0; i < n; i++) {
        const id = `g:${uid('r')}`;
        await store.ensureRoom({ id, kind: 'group', name: `Room ${i}` });
        await store.addMembers(id, [user, uid('other')]);
        await store.appendMessage({
          room: id,
          clientId: `c${i}`,
          sender: { id: user, name: user },
          text: `message ${i}`,
          cashtags: [],
          createdAt: new Date(start + i * 1000),
        });
        rooms.push(id);
      }
      return { user, rooms };
    }

    it('pages a user’s rooms newest first with a cursor, each room once, with counts and last messages', async () => {
      const { user, rooms } = await member(7);
      const seen: string[] = [];
      let cursor: string | undefined;
      const sizes: number[] = [];
      do {
        const page = await store.roomsOf(user, { limit: 3, after: cursor });
        sizes.push(page.rooms.length);
        for (const r of page.rooms) {
          seen.push(r.id);
          assert.equal(r.memberCount, 2);
          assert.equal(r.lastMessage?.room, r.id);
          assert.equal(r.lastMessage?.seq, r.lastSeq);
          assert.equal(r.readSeq, 1);
          assert.equal(r.peerReadSeq, null);
        }
        cursor = page.next ?? undefined;
      } while (cursor);
      assert.deepEqual(sizes, [3, 3, 1]);
      assert.deepEqual(seen, [...rooms].reverse());
    });

    it('gives a DM entry the peer’s read marker and an empty room no last message', async () => {
      const [a, b] = [uid('a'), uid('b')];
      const id = a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`;
      await store.ensureRoom({ id, kind: 'dm', name: id });
      await store.addMembers(id, [a, b]);
      const empty = (await store.roomsOf(a, { limit: 10 })).rooms[0]!;
      assert.equal(empty.lastMessage, null);
      assert.equal(empty.peerReadSeq, 0);
      await store.appendMessage({
        room: id,
        clientId: 'x',
        sender: { id: b, name: b },
        text: 'hi',
        cashtags: [],
        createdAt: new Date(),
      });
      const [entry] = (await store.roomsOf(a, { limit: 10 })).rooms;
      assert.equal(entry?.peerReadSeq, 1);
      assert.equal(entry?.readSeq, 0);
      assert.equal(entry?.lastMessage?.text, 'hi');
    });

    it('refuses a cursor it did not hand out with bad_request', async () => {
      await assert.rejects(
        store.roomsOf(uid('u'), { limit: 3, after: 'not-a-cursor' }),
        (err: unknown) => err instanceof AppError && err.code === 'bad_request',
      );
    });

    it('counts a user’s memberships by room kind', async () => {
      const { user } = await member(2);
      await store.ensureRoom({ id: '$ZZTOP', kind: 'ticker', name: '$ZZTOP' });
      await store.addMembers('$ZZTOP', [user]);
      assert.equal(await store.membershipCount(user, 'group'), 2);
      assert.equal(await store.membershipCount(user, 'ticker'), 1);
      assert.equal(await store.membershipCount(uid('nobody'), 'ticker'), 0);
    });

    it('keeps one pending friend request per pair, in either direction', async () => {
      const [a, b] = [uid('a'), uid('b')];
      const first = await store.createFriendRequest(a, b);
      const isConflict = (err: unknown) => err instanceof AppError && err.code === 'conflict';
      await assert.rejects(store.createFriendRequest(a, b), isConflict);
      await assert.rejects(store.createFriendRequest(b, a), isConflict);
      await store.acceptFriendRequest(first.id);
      // Accepted requests no longer block (the service decides about friends).
      await store.removeFriend(a, b);
      const again = await store.createFriendRequest(b, a);
      assert.equal(again.status, 'pending');
    });

    it('reports writes as healthy while they succeed', async () => {
      await member(1);
      assert.equal(store.writesFailing(), false);
      assert.equal(await store.ping(), true);
    });

    if (hooks.countQueries) {
      const count = hooks.countQueries;
      it('answers a page with the same number of queries for 5 rooms as for 60', async () => {
        const small = await member(5);
        const large = await member(60);
        const few = await count(() => store.roomsOf(small.user, { limit: 100 }));
        const many = await count(() => store.roomsOf(large.user, { limit: 100 }));
        assert.ok(few > 0, 'the counter saw the queries');
        assert.equal(many, few);
        assert.ok(many <= 6, `a page costs ${many} queries`);
      });
    }
  });
}

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../server/store/types.js';

const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Per-user room mutes and pending-request removal (issue 11), the same on every adapter. */
export function peopleContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract (rooms and people): ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    it('mutes a room for one member only, keeps it across a reopen, and refuses non-members', async () => {
      const [ann, ben, cat] = [uid('ann'), uid('ben'), uid('cat')];
      const room = `g:${uid('r')}`;
      const other = `g:${uid('r')}`;
      await store.ensureRoom({ id: room, kind: 'group', name: 'Room' });
      await store.ensureRoom({ id: other, kind: 'group', name: 'Other' });
      await store.addMembers(room, [ann, ben]);
      await store.addMembers(other, [ann]);
      assert.equal(await store.people.setMuted(room, ann, true), true);
      assert.equal(await store.people.setMuted(room, cat, true), false, 'not a member');
      assert.deepEqual([...(await store.people.mutedAmong(ann, [room, other]))], [room]);
      assert.deepEqual([...(await store.people.mutedAmong(ben, [room, other]))], []);
      assert.deepEqual([...(await store.people.mutedAmong(ann, []))], []);
      await store.close();
      store = await open();
      assert.deepEqual([...(await store.people.mutedAmong(ann, [room]))], [room]);
      assert.equal(await store.people.setMuted(room, ann, false), true);
      assert.deepEqual([...(await store.people.mutedAmong(ann, [room]))], []);
    });

    it('deletes a pending friend request once, never an accepted one', async () => {
      const [ann, ben, cat] = [uid('ann'), uid('ben'), uid('cat')];
      const pending = await store.createFriendRequest(ann, ben);
      assert.equal(await store.people.deletePendingRequest(pending.id), true);
      assert.equal(await store.getFriendRequest(pending.id), null);
      assert.equal(await store.people.deletePendingRequest(pending.id), false);
      const accepted = await store.createFriendRequest(ann, cat);
      await store.acceptFriendRequest(accepted.id);
      assert.equal(await store.people.deletePendingRequest(accepted.id), false);
      assert.equal(await store.areFriends(ann, cat), true);
    });
  });
}

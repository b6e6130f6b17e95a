import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NewMessage, Store } from '../../server/store/types.js';

const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const newRoom = (store: Store, kind: 'group' | 'ticker' = 'group') =>
  store.ensureRoom({ id: `g:${uid('r')}`, kind, name: 'Room' });
const draft = (room: string, sender: string, clientId: string, text = `hi ${clientId}`) =>
  ({
    room,
    clientId,
    sender: { id: sender, name: sender },
    text,
    cashtags: [],
    createdAt: new Date(),
  }) satisfies NewMessage;
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

/** Edits, tombstones and revisions, and every moderation record, on one adapter. */
export function moderationContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract (moderation): ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(() => store.close());

    describe('revisions, edits and tombstones', () => {
      it('gives each create, edit and delete the room’s next rev and raises lastRev', async () => {
        const room = await newRoom(store);
        const a = (await store.appendMessage(draft(room.id, 'ada', 'a'))).message;
        const b = (await store.appendMessage(draft(room.id, 'bob', 'b'))).message;
        assert.deepEqual([a.rev, b.rev], [1, 2]);
        const editedAt = new Date('2030-01-01T00:00:00.000Z');
        const edited = await store.editMessage(room.id, 1, {
          text: 'now $TSLA',
          cashtags: ['$TSLA'],
          editedAt,
        });
        assert.deepEqual(edited, {
          ...a,
          text: 'now $TSLA',
          cashtags: ['$TSLA'],
          rev: 3,
          editedAt: editedAt.toISOString(),
        });
        const at = new Date('2030-01-02T00:00:00.000Z');
        const deleted = await store.deleteMessage(room.id, 2, 'moderator', at);
        assert.deepEqual(deleted, {
          ...b,
          text: '',
          cashtags: [],
          rev: 4,
          deletedAt: at.toISOString(),
          deletedBy: 'moderator',
        });
        assert.equal((await store.getRoom(room.id))?.lastRev, 4);
        assert.equal((await store.getRoom(room.id))?.lastSeq, 2);
        const next = (await store.appendMessage(draft(room.id, 'ada', 'c'))).message;
        assert.deepEqual([next.seq, next.rev], [3, 5]);
      });

      it('keeps a tombstone’s seq in history with empty text, and a second delete changes nothing', async () => {
        const room = await newRoom(store);
        for (const c of ['a', 'b', 'c']) await store.appendMessage(draft(room.id, 'ada', c));
        const first = await store.deleteMessage(room.id, 2, 'sender', new Date());
        const again = await store.deleteMessage(room.id, 2, 'moderator', new Date());
        assert.deepEqual(again, first);
        const page = await store.history(room.id, undefined, 10);
        assert.deepEqual(
          page.messages.map((m) => [m.seq, m.text, m.deletedBy ?? null]),
          [
            [1, 'hi a', null],
            [2, '', 'sender'],
            [3, 'hi c', null],
          ],
        );
        assert.equal((await store.getMessage(room.id, 2))?.deletedBy, 'sender');
      });

      it('refuses to edit a tombstone or a missing message (null) and changes nothing', async () => {
        const room = await newRoom(store);
        await store.appendMessage(draft(room.id, 'ada', 'a'));
        await store.deleteMessage(room.id, 1, 'sender', new Date());
        const edit = { text: 'x', cashtags: [], editedAt: new Date() };
        assert.equal(await store.editMessage(room.id, 1, edit), null);
        assert.equal(await store.editMessage(room.id, 9, edit), null);
        assert.equal(await store.deleteMessage(room.id, 9, 'sender', new Date()), null);
        assert.equal((await store.getRoom(room.id))?.lastRev, 2);
        assert.equal((await store.getMessage(room.id, 1))?.text, '');
      });

      it('lists messages up to a seq changed after a rev, by rev, in pages', async () => {
        const room = await newRoom(store);
        for (const c of ['a', 'b', 'c', 'd']) await store.appendMessage(draft(room.id, 'ada', c));
        const edit = { text: 'edited', cashtags: [], editedAt: new Date() };
        await store.editMessage(room.id, 3, edit); // rev 5
        await store.deleteMessage(room.id, 1, 'sender', new Date()); // rev 6
        await store.editMessage(room.id, 4, edit); // rev 7, but seq 4 > upToSeq
        const page = await store.changedSince(room.id, 4, 3, 10);
        assert.deepEqual(
          page.messages.map((m) => [m.seq, m.rev]),
          [
            [3, 5],
            [1, 6],
          ],
        );
        assert.equal(page.hasMore, false);
        const first = await store.changedSince(room.id, 0, 4, 2);
        assert.deepEqual(
          first.messages.map((m) => m.seq),
          [2, 3],
        );
        assert.equal(first.hasMore, true);
      });

      it('finds a message by its sender and clientId', async () => {
        const room = await newRoom(store);
        const { message } = await store.appendMessage(draft(room.id, 'ada', 'retry-me'));
        assert.deepEqual(await store.findMessage(room.id, 'ada', 'retry-me'), message);
        assert.equal(await store.findMessage(room.id, 'bob', 'retry-me'), null);
      });
    });

    describe('reports', () => {
      it('keeps one report per user per message and groups a message’s reports', async () => {
        const room = await newRoom(store);
        await store.appendMessage(draft(room.id, 'spammer', 'a'));
        const m = store.moderation;
        const at = new Date();
        const first = await m.addReport({
          room: room.id,
          seq: 1,
          senderId: 'spammer',
          reporter: 'r1',
          reason: 'spam',
          note: 'buy buy',
          at,
        });
        const repeat = await m.addReport({
          room: room.id,
          seq: 1,
          senderId: 'spammer',
          reporter: 'r1',
          reason: 'abuse',
          at,
        });
        assert.equal(first.created, true);
        assert.deepEqual(repeat, { report: first.report, created: false });
        await m.addReport({
          room: room.id,
          seq: 1,
          senderId: 'spammer',
          reporter: 'r2',
          reason: 'abuse',
          at: new Date(at.getTime() + 1),
        });
        assert.deepEqual(await m.getReport(first.report.id), first.report);
        assert.equal(first.report.note, 'buy buy');
        const open = await m.reportGroups('open', undefined, 100);
        const group = open.items.find((g) => g.room === room.id);
        assert.ok(group);
        assert.deepEqual(
          group.reports.map((r) => [r.reporter, r.reason]),
          [
            ['r1', 'spam'],
            ['r2', 'abuse'],
          ],
        );
        assert.equal(group.senderId, 'spammer');
        assert.equal(await m.reportersOf('spammer', room.id, new Date(at.getTime() - 1000)), 2);
        assert.equal(await m.reportersOf('spammer', room.id, minutes(1)), 0);
        assert.equal(await m.resolveReports(room.id, 1), 2);
        assert.equal(await m.resolveReports(room.id, 1), 0);
        const after = await m.reportGroups('open', undefined, 100);
        assert.equal(
          after.items.some((g) => g.room === room.id),
          false,
        );
        const resolved = await m.reportGroups('resolved', undefined, 100);
        assert.ok(resolved.items.some((g) => g.room === room.id));
        assert.equal((await m.getReport(first.report.id))?.status, 'resolved');
      });

      it('pages report groups with a cursor, most recently reported first', async () => {
        const room = await newRoom(store);
        const m = store.moderation;
        const base = Date.now() + 3_600_000; // newer than every other test's reports
        for (let seq = 1; seq <= 3; seq++) {
          await store.appendMessage(draft(room.id, 'x', `c${seq}`));
          await m.addReport({
            room: room.id,
            seq,
            senderId: 'x',
            reporter: 'r',
            reason: 'other',
            at: new Date(base + seq),
          });
        }
        const first = await m.reportGroups('open', undefined, 2);
        assert.deepEqual(
          first.items.map((g) => g.seq),
          [3, 2],
        );
        assert.ok(first.nextCursor);
        const second = await m.reportGroups('open', first.nextCursor, 2);
        assert.equal(second.items[0]?.seq, 1);
        assert.equal(second.items[0]?.room, room.id);
      });
    });

    describe('mutes and bans', () => {
      it('lists active mutes soonest first, leaves out expired ones, and lifts one by id', async () => {
        const m = store.moderation;
        const user = uid('u');
        const room = `$${'M'}`;
        const short = await m.addMute({
          userId: user,
          room,
          until: minutes(5),
          reason: 'calm down',
        });
        const long = await m.addMute({
          userId: user,
          room: null,
          until: minutes(60),
          reason: 'again',
        });
        await m.addMute({ userId: user, room: null, until: minutes(-1), reason: 'old' });
        assert.deepEqual(short, {
          id: short.id,
          userId: user,
          room,
          until: short.until,
          reason: 'calm down',
        });
        const active = (await m.activeMutes(new Date())).items.filter((x) => x.userId === user);
        assert.deepEqual(active, [short, long]);
        assert.deepEqual(await m.getMute(short.id), short);
        assert.deepEqual(await m.removeMute(short.id), short);
        assert.equal(await m.getMute(short.id), null);
        assert.equal(await m.removeMute(short.id), null);
        const left = (await m.activeMutes(new Date())).items.filter((x) => x.userId === user);
        assert.deepEqual(left, [long]);
      });

      it('bans until a time or until lifted; a second ban replaces the first', async () => {
        const m = store.moderation;
        const [a, b, c] = [uid('u'), uid('u'), uid('u')];
        const timed = await m.setBan({ userId: a, until: minutes(10), reason: 'spam' });
        assert.deepEqual(timed, { userId: a, until: timed.until, reason: 'spam' });
        const forever = await m.setBan({ userId: a, until: null, reason: 'worse' });
        assert.deepEqual(forever, { userId: a, until: null, reason: 'worse' });
        await m.setBan({ userId: b, until: minutes(-1), reason: 'over' });
        await m.setBan({ userId: c, until: null, reason: 'x' });
        const active = (await m.activeBans(new Date())).items.filter((x) =>
          [a, b, c].includes(x.userId),
        );
        assert.deepEqual(active.map((x) => x.userId).sort(), [a, c].sort());
        assert.deepEqual(
          active.find((x) => x.userId === a),
          forever,
        );
        assert.equal(await m.removeBan(a), true);
        assert.equal(await m.removeBan(a), false);
        const page = await m.activeBans(new Date(), undefined, 1);
        assert.equal(page.items.length, 1);
        assert.ok(page.nextCursor !== null || (await m.activeBans(new Date())).items.length === 1);
      });
    });

    describe('blocks', () => {
      it('adds and removes blocks idempotently and lists them per blocker and in all', async () => {
        const m = store.moderation;
        const [me, x, y] = [uid('u'), uid('u'), uid('u')];
        assert.deepEqual(await m.block(me, x), [x]);
        assert.deepEqual(await m.block(me, x), [x]);
        assert.deepEqual(await m.block(me, y), [x, y].sort());
        assert.deepEqual(await m.unblock(me, x), [y]);
        assert.deepEqual(await m.blockedBy(me), [y]);
        const all = (await m.allBlocks()).filter((r) => r.blocker === me);
        assert.deepEqual(all, [{ blocker: me, blocked: y }]);
      });
    });

    describe('room settings', () => {
      it('changes only the settings given and keeps them on the room record', async () => {
        const room = await newRoom(store);
        assert.deepEqual([room.slowModeSec, room.readOnly], [0, false]);
        const m = store.moderation;
        assert.deepEqual(await m.updateRoomSettings(room.id, { slowModeSec: 30 }), {
          room: room.id,
          slowModeSec: 30,
          readOnly: false,
        });
        assert.deepEqual(await m.updateRoomSettings(room.id, { readOnly: true }), {
          room: room.id,
          slowModeSec: 30,
          readOnly: true,
        });
        const stored = await store.getRoom(room.id);
        assert.deepEqual([stored?.slowModeSec, stored?.readOnly], [30, true]);
        assert.equal(await m.updateRoomSettings(`g:${uid('none')}`, { readOnly: true }), null);
      });
    });

    describe('audit log', () => {
      it('keeps entries newest first, filters by field and pages with a cursor', async () => {
        const m = store.moderation;
        const actor = uid('mod');
        const written = [];
        for (const action of ['mute', 'ban', 'mute']) {
          written.push(await m.audit({ actor, action, target: 'u1', reason: `r ${action}` }));
        }
        assert.equal(typeof written[0]!.id, 'string');
        const mine = await m.auditLog({ actor }, undefined, 10);
        assert.deepEqual(mine.items, [...written].reverse());
        assert.equal(mine.nextCursor, null);
        const mutes = await m.auditLog({ actor, action: 'mute' }, undefined, 10);
        assert.deepEqual(
          mutes.items.map((e) => e.id),
          [written[2]!.id, written[0]!.id],
        );
        const first = await m.auditLog({ actor }, undefined, 2);
        assert.deepEqual(first.items, [written[2], written[1]]);
        const second = await m.auditLog({ actor }, first.nextCursor!, 2);
        assert.deepEqual(second, { items: [written[0]], nextCursor: null });
      });
    });

    it('knows when a user was first seen', async () => {
      const id = uid('u');
      const before = Date.now();
      await store.upsertUser({ id, name: 'New' });
      const seen = await store.moderation.firstSeen(id);
      assert.ok(seen && Date.parse(seen) >= before - 1000);
      assert.equal(await store.moderation.firstSeen(uid('nobody')), null);
    });

    describe('user lookup', () => {
      it('finds a user by exact id or by a name prefix in any case, the exact id first', async () => {
        const tag = uid('Zed').replace(/-/g, '');
        const exact = `${tag.toLowerCase()}x`;
        await store.upsertUser({ id: exact, name: 'Someone Else' });
        await store.upsertUser({ id: uid('u'), name: `${tag} Alpha` });
        await store.upsertUser({ id: uid('u'), name: `${tag.toLowerCase()} beta` });
        await store.upsertUser({ id: uid('u'), name: `x${tag}` });
        const byName = await store.moderation.findUsers(tag.toUpperCase(), 10);
        assert.deepEqual(
          byName.map((u) => u.name),
          [`${tag} Alpha`, `${tag.toLowerCase()} beta`],
        );
        const byId = await store.moderation.findUsers(exact, 10);
        assert.deepEqual(
          byId.map((u) => u.id),
          [exact],
        );
        assert.deepEqual(await store.moderation.findUsers('100%_\\', 10), []);
        assert.equal((await store.moderation.findUsers(tag, 1)).length, 1);
      });

      it('lists a user’s messages across rooms since a time, newest first, not a bot’s of the same id', async () => {
        const [a, b] = [await newRoom(store), await newRoom(store, 'ticker')];
        const who = uid('poster');
        const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
        const put = async (room: string, clientId: string, minutesAgo: number, kind?: 'bot') =>
          (
            await store.appendMessage({
              ...draft(room, who, clientId),
              sender: { id: who, name: who, ...(kind ? { kind } : {}) },
              createdAt: at(minutesAgo),
            })
          ).message;
        await put(a.id, 'old', 120);
        const m1 = await put(a.id, 'm1', 30);
        const m2 = await put(b.id, 'm2', 20);
        await put(b.id, 'bot', 10, 'bot');
        await store.appendMessage(draft(b.id, uid('other'), 'o1'));
        const m3 = await put(a.id, 'm3', 5);
        await store.deleteMessage(a.id, m1.seq, 'sender', new Date());
        const recent = await store.moderation.messagesBy(who, at(60), 10);
        assert.deepEqual(
          recent.map((m) => [m.room, m.seq, m.deletedAt !== undefined]),
          [
            [a.id, m3.seq, false],
            [b.id, m2.seq, false],
            [a.id, m1.seq, true],
          ],
        );
        assert.equal((await store.moderation.messagesBy(who, at(60), 2)).length, 2);
      });
    });
  });
}

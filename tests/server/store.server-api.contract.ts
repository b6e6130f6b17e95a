import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Store, WebhookDelivery } from '../../server/store/types.js';

const uid = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A webhook delivery far in the past (so due now) unless `createdAt` is given. */
function delivery(extra: Partial<WebhookDelivery> = {}) {
  return {
    id: uid('evt'),
    type: 'message.created',
    url: 'http://127.0.0.1:9/hook',
    body: JSON.stringify({ hello: uid('b') }),
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    ...extra,
  };
}

/**
 * What both adapters must do for the server API: API keys and their audit, bot
 * senders, and the webhook queue. `open` returns a new store on the same data.
 */
export function serverApiContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract (server API): ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    describe('apiKeys', () => {
      it('finds a live key by its hash, from another connection too, and never after revoke', async () => {
        const secret = uid('sk');
        const key = await store.apiKeys.create({
          id: uid('k'),
          name: uid('alerts'),
          scopes: ['publish', 'read'],
          hash: sha(secret),
          prefix: secret.slice(0, 6),
        });
        assert.equal(key.revokedAt, null);
        const other = await open();
        try {
          const found = await other.apiKeys.findByHash(sha(secret));
          assert.deepEqual(found, key);
          assert.equal(await other.apiKeys.revoke(key.name), true);
        } finally {
          await other.close();
        }
        assert.equal(await store.apiKeys.findByHash(sha(secret)), null);
        assert.equal(await store.apiKeys.revoke(key.id), false, 'already revoked');
        const listed = (await store.apiKeys.list()).find((k) => k.id === key.id);
        assert.ok(listed?.revokedAt, 'the listing shows when it was revoked');
      });

      it('refuses a second key with the same hash and answers false for an unknown key', async () => {
        const hash = sha(uid('sk'));
        await store.apiKeys.create({
          id: uid('k'),
          name: 'a',
          scopes: ['read'],
          hash,
          prefix: 'x',
        });
        await assert.rejects(
          store.apiKeys.create({ id: uid('k'), name: 'b', scopes: ['read'], hash, prefix: 'x' }),
        );
        assert.equal(await store.apiKeys.revoke(uid('nobody')), false);
      });

      it('keeps the audit log newest first', async () => {
        const keyId = uid('k');
        for (let i = 0; i < 3; i++) {
          await store.apiKeys.audit({
            keyId,
            keyName: 'alerts',
            method: 'POST',
            path: `/api/server/messages/${i}`,
            status: 200,
            at: new Date(Date.now() + 1000 * i).toISOString(),
          });
        }
        const log = (await store.apiKeys.auditLog(50)).filter((e) => e.keyId === keyId);
        assert.deepEqual(
          log.map((e) => e.path),
          ['/api/server/messages/2', '/api/server/messages/1', '/api/server/messages/0'],
        );
      });
    });

    describe('bot senders', () => {
      it('stores the sender kind, and reads a sender without one as a user', async () => {
        const room = await store.ensureRoom({
          id: `$${uid('T').toUpperCase()}`.slice(0, 10),
          kind: 'ticker',
          name: 'T',
        });
        const base = { room: room.id, text: 'x', cashtags: [], createdAt: new Date() };
        const bot = await store.appendMessage({
          ...base,
          clientId: 'b1',
          sender: { id: 'alerts', name: 'Alerts', kind: 'bot' },
        });
        const user = await store.appendMessage({
          ...base,
          clientId: 'u1',
          sender: { id: 'ada', name: 'Ada' },
        });
        assert.equal(bot.message.sender.kind, 'bot');
        assert.equal(user.message.sender.kind, 'user');
        const page = await store.history(room.id, undefined, 10);
        assert.deepEqual(
          page.messages.map((m) => m.sender.kind),
          ['bot', 'user'],
        );
      });
    });

    describe('webhooks', () => {
      it('enqueues once per event id, and a claim leases what it returns', async () => {
        const d = delivery();
        await store.webhooks.enqueue(d);
        await store.webhooks.enqueue({ ...d, body: 'a different body' });
        const now = new Date();
        const claimed = (await store.webhooks.claimDue(now, 60_000, 1000)).filter(
          (c) => c.id === d.id,
        );
        assert.equal(claimed.length, 1);
        assert.equal(claimed[0]!.body, d.body, 'the first body is kept');
        const again = await store.webhooks.claimDue(now, 60_000, 1000);
        assert.equal(again.filter((c) => c.id === d.id).length, 0, 'leased: not claimed twice');
        const later = await store.webhooks.claimDue(new Date(now.getTime() + 61_000), 1000, 1000);
        assert.equal(
          later.filter((c) => c.id === d.id).length,
          1,
          'claimable again once the lease ran out',
        );
      });

      it('does not hand out a delivery that is not due yet', async () => {
        const d = delivery({ createdAt: new Date(Date.now() + 3_600_000).toISOString() });
        await store.webhooks.enqueue(d);
        const claimed = await store.webhooks.claimDue(new Date(), 1000, 1000);
        assert.equal(claimed.filter((c) => c.id === d.id).length, 0);
      });

      it('settles a delivery as delivered, retried or failed, and redelivers on demand', async () => {
        const [ok, retry, fail] = [delivery(), delivery(), delivery()];
        for (const d of [ok, retry, fail]) await store.webhooks.enqueue(d);
        const retryAt = new Date(Date.now() + 3_600_000);
        await store.webhooks.settle(ok.id, { ok: true, status: 204, error: null, retryAt: null });
        await store.webhooks.settle(retry.id, {
          ok: false,
          status: 500,
          error: 'HTTP 500',
          retryAt,
        });
        await store.webhooks.settle(fail.id, {
          ok: false,
          status: null,
          error: 'refused',
          retryAt: null,
        });

        const got = async (id: string) => (await store.webhooks.get(id))!;
        assert.equal((await got(ok.id)).status, 'delivered');
        assert.ok((await got(ok.id)).deliveredAt);
        assert.equal((await got(ok.id)).attempts, 1);
        const r = await got(retry.id);
        assert.deepEqual(
          [r.status, r.lastStatus, r.lastError, r.nextAttemptAt],
          ['pending', 500, 'HTTP 500', retryAt.toISOString()],
        );
        assert.equal((await got(fail.id)).status, 'failed');
        const due = (await store.webhooks.claimDue(new Date(), 1000, 1000)).map((c) => c.id);
        assert.ok(![ok.id, retry.id, fail.id].some((id) => due.includes(id)));

        assert.equal(await store.webhooks.redeliver(fail.id), true);
        assert.equal(await store.webhooks.redeliver(uid('missing')), false);
        assert.equal((await got(fail.id)).status, 'pending');
        const claimed = await store.webhooks.claimDue(new Date(Date.now() + 10), 1000, 1000);
        assert.ok(claimed.some((c) => c.id === fail.id));
        const failed = await store.webhooks.list(1000, 'failed');
        assert.ok(!failed.some((c) => c.id === fail.id));
        assert.ok((await store.webhooks.list(1000)).some((c) => c.id === ok.id));
      });

      it('keeps pending deliveries across a reopen', async () => {
        const d = delivery();
        await store.webhooks.enqueue(d);
        const other = await open();
        try {
          assert.equal((await other.webhooks.get(d.id))?.status, 'pending');
        } finally {
          await other.close();
        }
      });
    });
  });
}

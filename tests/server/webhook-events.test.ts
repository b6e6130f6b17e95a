import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiKeys } from '../../server/domain/api-keys.js';
import type { Message } from '../../protocol/wire.js';
import { ask, api, startServer, type TestServer } from '../support/server.js';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'whsec-events-0123456789';
let server: TestServer;
let receiver: WebhookReceiver;
const keys: Record<string, string> = {};
before(async () => {
  receiver = await startReceiver(SECRET, () => 200);
  server = await startServer({
    WEBHOOK_URL: receiver.url,
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_RETRY_BASE_MS: '50',
  });
  const apiKeys = new ApiKeys(server.store);
  keys.mod = (await apiKeys.create('modbot', ['moderate'])).key;
  keys.reader = (await apiKeys.create('reader', ['read'])).key;
});
after(async () => {
  await server.close();
  await receiver.close();
});

/** The delivered events of one type matching `match`, once at least one arrived. */
async function delivered<T>(type: string, match: (data: T) => boolean, ms = 5000): Promise<T[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = receiver.received.filter(
      (r) => r.type === type && r.answer === 200 && match(r.data as T),
    );
    if (found.length > 0) {
      assert.ok(
        found.every((r) => r.verified),
        `${type}: valid signatures`,
      );
      return found.map((r) => r.data as T);
    }
    if (Date.now() > deadline) throw new Error(`no ${type} webhook within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
type RoomData = { room: { id: string; kind: string } };

describe('webhook events (in-process server, real loopback receiver)', () => {
  it('sends room.created once when a ticker room is first used, and for a new DM', async () => {
    const ada = await server.client(await server.token('ada'));
    await ask(ada, 'join_chat', { room: '$EVTA' });
    await ask(ada, 'join_chat', { room: '$EVTA' });
    const ticker = await delivered<RoomData>('room.created', (d) => d.room.id === '$EVTA');
    assert.equal(ticker[0]!.room.kind, 'ticker');
    await server.token('bob', { friends: ['ada'] });
    const dm = await delivered<RoomData>('room.created', (d) => d.room.id === 'dm:ada:bob');
    assert.equal(dm[0]!.room.kind, 'dm');
    // Events are queued with the write that makes them: the queue shows what was made.
    const queued = await server.store.webhooks.list(1000);
    const again = queued.filter(
      (d) =>
        d.type === 'room.created' &&
        (JSON.parse(d.body) as { data: RoomData }).data.room.id === '$EVTA',
    );
    assert.equal(again.length, 1, 'a second join creates nothing');
  });

  it('sends message.created, message.updated on an edit, and report.created on a report', async () => {
    const bob = await server.client(await server.token('bob'));
    const eve = await server.client(await server.token('eve'));
    await ask(bob, 'join_chat', { room: '$EVTB' });
    await ask(eve, 'join_chat', { room: '$EVTB' });
    const { message } = await ask(bob, 'send_message', {
      room: '$EVTB',
      text: 'buy $EVTB now',
      clientId: 'evt-1',
    });
    const created = await delivered<{ message: Message }>(
      'message.created',
      (d) => d.message.id === message.id,
    );
    assert.equal(created[0]!.message.text, 'buy $EVTB now');
    await ask(bob, 'edit_message', { room: '$EVTB', seq: message.seq, text: 'hold $EVTB' });
    const updated = await delivered<{ message: Message }>(
      'message.updated',
      (d) => d.message.id === message.id,
    );
    assert.equal(updated[0]!.message.text, 'hold $EVTB');
    await ask(eve, 'report_message', { room: '$EVTB', seq: message.seq, reason: 'spam' });
    const [report] = await delivered<{ report: Record<string, unknown> }>(
      'report.created',
      (d) => d.report.room === '$EVTB',
    );
    assert.deepEqual(
      [report!.report.seq, report!.report.senderId, report!.report.reporter, report!.report.reason],
      [message.seq, 'bob', 'eve', 'spam'],
    );
  });
});

describe('/api/mod with an API key holding `moderate`', () => {
  it('bans as a moderator named after the key, audited, and sends user.banned', async () => {
    const res = await api<{ ban: { userId: string } }>(
      server.url,
      'POST',
      '/api/mod/bans',
      keys.mod,
      {
        userId: 'mallory',
        minutes: 5,
        reason: 'spam from the host platform',
      },
    );
    assert.equal(res.status, 201);
    assert.equal(res.body.ban.userId, 'mallory');
    await delivered<{ userId: string }>('user.banned', (d) => d.userId === 'mallory');
    const audit = await api<{ items: { actor: string; action: string; target: string }[] }>(
      server.url,
      'GET',
      '/api/mod/audit?action=ban',
      keys.mod,
    );
    assert.equal(audit.status, 200);
    assert.ok(
      audit.body.items.some((e) => e.actor === 'apikey:modbot' && e.target.includes('mallory')),
      JSON.stringify(audit.body.items),
    );
    const calls = await server.store.apiKeys.auditLog(5);
    assert.deepEqual(
      calls.slice(0, 2).map((c) => [c.keyName, c.method, c.path, c.status]),
      [
        ['modbot', 'GET', '/api/mod/audit', 200],
        ['modbot', 'POST', '/api/mod/bans', 201],
      ],
    );
  });

  it('refuses a key without `moderate` (403), a bad key (401) and a key on user routes (401), changing nothing', async () => {
    const body = { userId: 'trent', reason: 'x' };
    const wrong = await api<{ error: { code: string } }>(
      server.url,
      'POST',
      '/api/mod/bans',
      keys.reader,
      body,
    );
    assert.deepEqual([wrong.status, wrong.body.error.code], [403, 'forbidden']);
    const bad = await api<{ error: { code: string } }>(
      server.url,
      'POST',
      '/api/mod/bans',
      'sck_nope',
      body,
    );
    assert.deepEqual([bad.status, bad.body.error.code], [401, 'unauthorized']);
    const elsewhere = await api<{ error: { code: string } }>(
      server.url,
      'GET',
      '/api/rooms',
      keys.mod,
    );
    assert.deepEqual([elsewhere.status, elsewhere.body.error.code], [401, 'unauthorized']);
    const admin = await api<{ error: { code: string } }>(
      server.url,
      'GET',
      '/api/admin/overview',
      keys.mod,
    );
    assert.equal(admin.status, 401);
    const bans = await api<{ items: { userId: string }[] }>(
      server.url,
      'GET',
      '/api/mod/bans',
      keys.mod,
    );
    assert.ok(!bans.body.items.some((b) => b.userId === 'trent'), 'nothing was banned');
  });
});

describe('/api/admin/webhooks (delivery log and redelivery)', () => {
  it('lists deliveries to viewers and admins, redelivers for admins only, refuses bad input', async () => {
    const viewer = await server.token('v', { roles: ['viewer'] });
    const admin = await server.token('root', { admin: true });
    const user = await server.token('plain');
    const log = await api<{ enabled: boolean; items: { id: string; status: string }[] }>(
      server.url,
      'GET',
      '/api/admin/webhooks?status=delivered&limit=5',
      viewer,
    );
    assert.equal(log.status, 200);
    assert.equal(log.body.enabled, true);
    assert.ok(log.body.items.length > 0 && log.body.items.every((d) => d.status === 'delivered'));
    const id = log.body.items[0]!.id;
    const code = async (method: string, route: string, token: string) =>
      (await api<{ error: { code: string } }>(server.url, method, route, token)).body.error?.code;
    assert.equal(await code('GET', '/api/admin/webhooks', user), 'forbidden');
    assert.equal(await code('GET', '/api/admin/webhooks?status=lost', viewer), 'bad_request');
    assert.equal(await code('GET', '/api/admin/webhooks?limit=0', viewer), 'bad_request');
    assert.equal(await code('POST', `/api/admin/webhooks/${id}/redeliver`, viewer), 'forbidden');
    assert.equal(await code('POST', '/api/admin/webhooks/nope/redeliver', admin), 'not_found');
    const before = receiver.received.filter((r) => r.id === id).length;
    const again = await api<{ delivery: { id: string } }>(
      server.url,
      'POST',
      `/api/admin/webhooks/${id}/redeliver`,
      admin,
    );
    assert.equal(again.status, 200);
    assert.equal(again.body.delivery.id, id);
    await delivered<unknown>(
      receiver.received.find((r) => r.id === id)!.type,
      () => receiver.received.filter((r) => r.id === id).length > before,
    );
  });
});

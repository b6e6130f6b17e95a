import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withBrowser } from '../support/fixtures.js';
import { ask, startServer, type TestServer } from '../support/server.js';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { watchProblems } from './admin.support.js';

const SECRET = 'whsec-console-0123456789';
const browser = withBrowser();
let server: TestServer;
let receiver: WebhookReceiver;
let answer = 500;
before(async () => {
  receiver = await startReceiver(SECRET, () => answer);
  // One attempt only: the first failure is final, so the console has a failed delivery to resend.
  server = await startServer({
    WEBHOOK_URL: receiver.url,
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_EVENTS: 'message.created',
    WEBHOOK_MAX_ATTEMPTS: '1',
  });
});
after(async () => {
  await server.close();
  await receiver.close();
});

describe('admin console: Webhooks tab (real Chromium)', () => {
  it('lists a failed delivery with its answer and redelivers it with the same id and body', async () => {
    const ada = await server.client(await server.token('ada'));
    await ask(ada, 'join_chat', { room: '$HOOKUI' });
    const { message } = await ask(ada, 'send_message', {
      room: '$HOOKUI',
      text: 'to the webhook',
      clientId: 'ui-1',
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(`${server.url}/admin/#tab=webhooks`);
    await page.fill('textarea[name="token"]', await server.token('root', { admin: true }));
    await page.click('button[type="submit"]');
    await page.locator('[data-status="open"]').waitFor();
    await page.locator('[data-tab="webhooks"]').click();

    const row = page.locator('table.webhooks tr[data-status="failed"]');
    await row.waitFor({ timeout: 10_000 });
    assert.match((await row.textContent()) ?? '', /message\.created/);
    assert.match((await row.textContent()) ?? '', /HTTP 500/);
    const id = (await row.getAttribute('data-id'))!;
    assert.equal(receiver.received.length, 1);

    answer = 200;
    await row.locator('button.redeliver').click();
    await page.locator(`table.webhooks tr[data-id="${id}"][data-status="delivered"]`).waitFor({
      timeout: 10_000,
    });
    assert.deepEqual(
      receiver.received.map((r) => [r.id, r.answer, r.verified]),
      [
        [id, 500, true],
        [id, 200, true],
      ],
    );
    assert.equal(receiver.received[0]!.body, receiver.received[1]!.body, 'the same bytes');
    assert.equal(
      (receiver.received[1]!.data as { message: { id: string } }).message.id,
      message.id,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('shows a viewer the log without a Redeliver button', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/admin/#tab=webhooks`);
    await page.fill('textarea[name="token"]', await server.token('watcher', { roles: ['viewer'] }));
    await page.click('button[type="submit"]');
    await page.locator('[data-status="open"]').waitFor();
    await page.locator('[data-tab="webhooks"]').click();
    await page.locator('table.webhooks tr[data-status="delivered"]').waitFor();
    assert.equal(await page.locator('button.redeliver').count(), 0);
    await page.close();
  });
});

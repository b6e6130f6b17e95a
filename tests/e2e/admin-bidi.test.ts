import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import type { Locator } from 'playwright-core';
import { DEV_JWT_SECRET } from '../../server/config.js';
import type { JoinChatData, Message, SendMessageData } from '../../protocol/wire.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { api, request, type ClientSocket } from '../support/server.js';
import { watchProblems } from './admin.support.js';

// Issue 21 point 8: bidirectional text in user names, messages and notes stays inside
// the piece it came with, in the console as in the widget, and the server drops the
// override controls from names.

const server = withServer();
const browser = withBrowser();

const ROOM = '$BIDI';

async function joined(token: string): Promise<ClientSocket> {
  const socket = await server.client(token);
  const ack = await request<JoinChatData>(socket, 'join_chat', { room: ROOM });
  assert.ok(ack.ok);
  return socket;
}

async function send(socket: ClientSocket, text: string, clientId: string): Promise<Message> {
  const ack = await request<SendMessageData>(socket, 'send_message', {
    room: ROOM,
    text,
    clientId,
  });
  assert.ok(ack.ok, JSON.stringify(ack));
  return ack.data.message;
}

/**
 * Left edges of the first and last character of `text` inside `scope`, and the right
 * edge of `before` when given: where the browser laid them out.
 */
function layout(scope: Locator, text: string, before?: string) {
  return scope.evaluate(
    (root, [text, before]) => {
      // No named inner functions: tsx would wrap them in a helper the page does not have.
      const [first, last] = [0, text!.length - 1].map((index) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(text!);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at + index);
          range.setEnd(node, at + index + 1);
          return range.getBoundingClientRect().left;
        }
        throw new Error(`no text node holds ${text}`);
      });
      const name = before ? root.querySelector(before) : null;
      return { first: first!, last: last!, nameRight: name?.getBoundingClientRect().right ?? -1 };
    },
    [text, before],
  );
}

describe('admin console: user text', () => {
  it('keeps a right-to-left sender name from pulling the reported text in front of it, and one note’s override from reversing the next', async () => {
    const author = await joined(await server.token('bidi-author', { name: 'דנה כהן' }));
    const bad = await send(author, '42 free signals, wire me', 'b1');
    // The note with the override goes in the middle, so a clean note follows it in either order.
    const notes = ['first note', 'evil \u2069\u202E', 'third note'];
    for (const [i, note] of notes.entries()) {
      const reporter = await joined(await server.token(`bidi-r${i}`));
      const reported = await request(reporter, 'report_message', {
        room: ROOM,
        seq: bad.seq,
        reason: 'spam',
        note,
      });
      assert.ok(reported.ok);
    }

    const modToken = await server.token('bidi-mod', { name: 'Mo', roles: ['moderator'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = watchProblems(page);
    await page.goto(`${server.url}/admin/#tab=moderation`);
    await page.fill('textarea[name="token"]', modToken);
    await page.click('button[type="submit"]');
    await page.locator('[data-tab="moderation"]').click();
    const card = page.locator(`article.report[data-room="${ROOM}"][data-seq="${bad.seq}"]`);
    await card.waitFor();

    // Every check runs before the test fails, so a failure names all that is out of order.
    const wrong: string[] = [];
    const text = await layout(card.locator('li.reported'), '42 free signals', 'b');
    if (text.first < text.nameRight)
      wrong.push(`"42" is drawn at ${text.first}, left of the name ending at ${text.nameRight}`);
    for (const note of [notes[0]!, notes[2]!]) {
      const drawn = await layout(card.locator('p'), note);
      if (drawn.first >= drawn.last) wrong.push(`the note "${note}" is drawn reversed`);
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual(problems, []);
  });
});

describe('display names and group names', () => {
  it('lose their override and isolate controls at the server, from a host-signed token and a new group alike', async () => {
    const token = jwt.sign({ sub: 'bidi-host', name: 'Mal\u202Elory\u2066' }, DEV_JWT_SECRET, {
      algorithm: 'HS256',
      expiresIn: 600,
    });
    const message = await send(await joined(token), 'hello', 'h1');
    assert.equal(message.sender.name, 'Mallory');

    const created = await api<{ room: { name: string } }>(server.url, 'POST', '/api/rooms', token, {
      name: 'Desk \u202Eevil\u202C \u200Fnote',
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.room.name, 'Desk evil \u200Fnote');
  });
});

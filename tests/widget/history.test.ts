import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { io } from 'socket.io-client';
import '../../widget/src/index.js';
import type { StockChat } from '../../widget/src/stock-chat.js';

// Against the real server (see web-test-runner.config.mjs). Three writers stay
// under the per-user rate limit while filling a room with 45 messages.

const run = Math.random().toString(36).slice(2, 8);

function token(sub: string): Promise<string> {
  return executeServerCommand('stock-chat-token', { sub, name: sub }) as Promise<string>;
}

async function write(server: string, sub: string, room: string, texts: string[]): Promise<void> {
  const socket = io(server, { auth: { token: await token(sub) }, transports: ['websocket'] });
  for (const text of texts) {
    const ack = (await socket
      .timeout(5000)
      .emitWithAck('send_message', { room, text, clientId: `${sub}-${text}` })) as { ok: boolean };
    expect(ack.ok).to.equal(true);
  }
  socket.close();
}

function texts(el: StockChat): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="message-text"]')].map(
    (n) => n.textContent ?? '',
  );
}

describe('<stock-chat> history', () => {
  it('shows the newest page first and loads older pages on scroll-up, in order', async () => {
    const { url: server } = (await executeServerCommand('stock-chat-server')) as { url: string };
    const room = `$H${run
      .replace(/[^a-z]/g, 'x')
      .slice(0, 4)
      .toUpperCase()}`;
    const all = Array.from({ length: 45 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
    await write(server, `w1-${run}`, room, all.slice(0, 15));
    await write(server, `w2-${run}`, room, all.slice(15, 30));
    await write(server, `w3-${run}`, room, all.slice(30));

    const el = document.createElement('stock-chat');
    el.mode = 'inline';
    el.server = server;
    el.token = await token(`reader-${run}`);
    el.room = room;
    document.body.append(el);
    try {
      await waitUntil(() => texts(el).length > 0, 'no history', { timeout: 10_000 });
      // The list draws the rows near the view (issue 22): the newest ones, in order.
      const newest = texts(el);
      expect(newest.length).to.be.at.least(10);
      expect(newest).to.deep.equal(all.slice(-newest.length));
      const list = el.shadowRoot!.querySelector<HTMLElement>('[part~="messages"]')!;
      expect(list.scrollTop).to.be.greaterThan(0);
      expect(el.shadowRoot!.querySelector('[part~="load-older"]') !== null).to.equal(true);

      list.scrollTop = 0;
      list.dispatchEvent(new Event('scroll'));
      // The view stays on the message that was at the top; scrolling up again shows the page.
      const toTop = () => {
        list.scrollTop = 0;
        list.dispatchEvent(new Event('scroll'));
        return texts(el)[0] === 'm01';
      };
      await waitUntil(toTop, 'older page not loaded', { timeout: 10_000 });
      expect(texts(el)).to.deep.equal(all.slice(0, texts(el).length));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part~="load-older"]') === null).to.equal(true);
      expect(el.shadowRoot!.querySelector('.older')!.textContent).to.contain('Beginning');
    } finally {
      el.remove();
    }
  });
});

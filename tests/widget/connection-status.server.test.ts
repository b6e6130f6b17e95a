import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { clock } from '../../widget/src/clock.js';
import type { StockChat } from '../../widget/src/stock-chat.js';
import { part, run, serverUrl, token, until, useRealServer } from './support/widgets.js';

// The status chip through a real drop: the server disconnects the user's socket, and
// the widget's token provider holds the reconnect for as long as the test wants.

useRealServer();

describe('<stock-chat> status chip', () => {
  let el: StockChat | null = null;
  let gate: Promise<void> = Promise.resolve();
  let release = (): void => {};
  const realNow = clock.now;

  afterEach(() => {
    clock.now = realNow;
    release();
    el?.remove();
    el = null;
  });

  /** An inline widget whose every (re)connect waits for `gate`. */
  async function mount(sub: string): Promise<StockChat> {
    el = document.createElement('stock-chat');
    el.mode = 'inline';
    el.server = serverUrl();
    el.tokenProvider = async () => {
      await gate;
      return token(sub);
    };
    const ready = oneEvent(el, 'stock-chat-ready');
    document.body.append(el);
    await ready;
    await el.updateComplete;
    return el;
  }

  /** Holds the next reconnect until `release()`. */
  const hold = () => {
    gate = new Promise((resolve) => (release = resolve));
  };

  /** The host platform disconnects the user (`POST /api/server/users/:id/disconnect`). */
  async function drop(sub: string): Promise<void> {
    const status = await executeServerCommand('stock-chat-server-api', {
      method: 'POST',
      route: `/api/server/users/${sub}/disconnect`,
    });
    expect(status).to.equal(200);
  }

  /** Every `data-status` the chip had while `during` ran, in order. */
  async function chipStatuses(chat: StockChat, during: () => Promise<void>): Promise<string[]> {
    const chip = part(chat, 'status')!;
    const seen: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) seen.push(r.oldValue ?? '');
    });
    observer.observe(chip, { attributeFilter: ['data-status'], attributeOldValue: true });
    await during();
    for (const r of observer.takeRecords()) seen.push(r.oldValue ?? '');
    observer.disconnect();
    return [...seen, chip.dataset.status ?? ''];
  }

  it('keeps saying Online through a drop shorter than a second', async () => {
    const sub = `blip-${run}`;
    const chat = await mount(sub);
    expect(part(chat, 'status')!.dataset.status).to.equal('online');
    const seen = await chipStatuses(chat, async () => {
      // The widget's clock stands still: however slow this machine, the drop lasts under its second.
      const frozen = realNow();
      clock.now = () => frozen;
      hold();
      await drop(sub);
      await until(() => chat.status === 'reconnecting', 'the widget never noticed the drop');
      await chat.updateComplete;
      release();
      await until(() => chat.status === 'online', 'the widget never came back');
      await chat.updateComplete;
    });
    expect(seen.filter((s) => s !== 'online')).to.deep.equal([]);
  });

  it('shows Reconnecting after a second without the link, and Online the moment it is back', async () => {
    const sub = `drop-${run}`;
    const chat = await mount(sub);
    hold();
    await drop(sub);
    await until(() => chat.status === 'reconnecting', 'the widget never noticed the drop');
    await until(
      () => part(chat, 'status')!.dataset.status === 'reconnecting',
      'the chip never said Reconnecting',
      5_000,
    );
    expect(part(chat, 'status')!.textContent!.trim()).to.equal('Reconnecting…');
    release();
    await until(() => chat.status === 'online', 'the widget never came back');
    await chat.updateComplete;
    expect(part(chat, 'status')!.dataset.status).to.equal('online');
  });
});

import { expect } from '@open-wc/testing';
import type { StockChat } from '../../widget/src/stock-chat.js';
import { listed, part, run, until, useRealServer, widget } from './support/widgets.js';

// The Join box and joinRoom() refuse group and DM ids that do not exist or are
// not allowed, with the reason from the error code (here also in zh-Hant).

useRealServer();

const joinError = (el: StockChat) =>
  el.shadowRoot!.querySelector('#join-error')!.textContent!.trim();

/** Types `room` into the Join box and waits for a new reason (each call expects a different one). */
async function join(el: StockChat, room: string): Promise<void> {
  const before = joinError(el);
  (part(el, 'join-input') as HTMLInputElement).value = room;
  part(el, 'join-button')!.click();
  await until(() => joinError(el) && joinError(el) !== before, `no reason for ${room}`);
}

describe('<stock-chat> joining rooms that cannot be joined', () => {
  it('refuses a group that does not exist and a DM with a stranger, listing neither', async () => {
    const me = `jbx-${run}`;
    const el = await widget(me);
    await join(el, `g:doesnotexist${run}`);
    expect(joinError(el)).to.equal('That does not exist.');
    expect(part(el, 'join-input')!.getAttribute('aria-invalid')).to.equal('true');
    expect(listed(el, 'group')).to.deep.equal([]);
    expect(part(el, 'conversation') === null).to.equal(true);

    expect(await el.joinRoom(`dm:${me}:stranger-${run}`)).to.equal(false);
    expect(await el.joinRoom(`g:doesnotexist${run}`)).to.equal(false);
    await el.updateComplete;
    expect(listed(el, 'dm')).to.deep.equal([]);
    expect(listed(el, 'group')).to.deep.equal([]);
  });

  it('says why in zh-Hant, from the code, not in the server’s English', async () => {
    const me = `jbz-${run}`;
    const el = await widget(me, { locale: 'zh-Hant' });
    await until(
      () => part(el, 'join-button')!.textContent!.trim() !== 'Join',
      'zh-Hant not loaded',
    );
    await join(el, `dm:${me}:stranger-${run}`);
    expect(joinError(el)).to.equal('你不能在這裡這樣做。'); // forbidden: not a friend
    await join(el, `g:doesnotexist${run}`);
    expect(joinError(el)).to.equal('這個項目不存在。');
  });
});

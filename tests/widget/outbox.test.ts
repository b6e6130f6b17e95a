import { expect } from '@open-wc/testing';
import { Outbox, newClientId } from '../../widget/src/outbox.js';
import { mergeMessages } from '../../widget/src/timeline.js';
import { normalizeTicker, splitCashtags } from '../../widget/src/cashtags.js';
import { loadLocale, resolveLocale, translator } from '../../widget/src/i18n/index.js';
import type { ChatMessage } from '../../widget/src/types.js';

function message(over: Partial<ChatMessage>): ChatMessage {
  return {
    id: '',
    room: '$TSLA',
    seq: 0,
    rev: 0,
    clientId: 'c',
    sender: { id: 'alice', name: 'Alice', kind: 'user' },
    text: 'hi',
    createdAt: '2024-01-01T00:00:00.000Z',
    cashtags: [],
    mentions: [],
    reactions: [],
    state: 'sent',
    ...over,
  };
}

describe('Outbox', () => {
  const key = Outbox.keyFor('http://chat.test/', 'alice');
  afterEach(() => localStorage.removeItem(key));

  it('persists entries in localStorage keyed per server and user', () => {
    const outbox = new Outbox(localStorage, key);
    outbox.add({ room: '$TSLA', text: 'one', clientId: 'a', createdAt: 'x' });
    outbox.add({ room: '$TSLA', text: 'two', clientId: 'b', createdAt: 'y' });
    expect(key).to.equal('stock-chat:outbox:http://chat.test|alice');
    const reloaded = new Outbox(localStorage, key);
    expect(reloaded.list().map((e) => e.text)).to.deep.equal(['one', 'two']);
    expect(new Outbox(localStorage, Outbox.keyFor('http://chat.test', 'bob')).list()).to.deep.equal(
      [],
    );
  });

  it('keeps one entry per clientId and forgets removed ones', () => {
    const outbox = new Outbox(localStorage, key);
    outbox.add({ room: '$TSLA', text: 'one', clientId: 'a', createdAt: 'x' });
    outbox.add({ room: '$TSLA', text: 'one', clientId: 'a', createdAt: 'x' });
    expect(outbox.list()).to.have.length(1);
    outbox.remove('a');
    expect(outbox.has('a')).to.equal(false);
    expect(localStorage.getItem(key)).to.equal(null);
  });

  it('survives corrupt storage by starting empty', () => {
    localStorage.setItem(key, '{not json');
    expect(new Outbox(localStorage, key).list()).to.deep.equal([]);
    localStorage.setItem(
      key,
      JSON.stringify([{ room: 1 }, { room: 'r', text: 't', clientId: 'c', createdAt: 'd' }]),
    );
    expect(new Outbox(localStorage, key).list()).to.have.length(1);
  });

  it('makes distinct client ids within the protocol limit', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newClientId()));
    expect(ids.size).to.equal(50);
    for (const id of ids) expect(id.length).to.be.within(1, 64);
  });
});

describe('mergeMessages', () => {
  it('orders by seq, keeps one copy per id and per clientId, and puts pending last', () => {
    const pending = message({ clientId: 'p', state: 'pending', createdAt: '2024-01-01T00:00:09Z' });
    const first = mergeMessages([], [message({ id: '2', seq: 2, clientId: 'b' }), pending]);
    const second = mergeMessages(first.messages, [
      message({ id: '1', seq: 1, clientId: 'a' }),
      message({ id: '2', seq: 2, clientId: 'b' }),
    ]);
    expect(second.messages.map((m) => m.seq)).to.deep.equal([1, 2, 0]);
    expect(second.added.map((m) => m.id)).to.deep.equal(['1']);
  });

  it('replaces a pending message with its confirmed copy, matched by clientId', () => {
    const pending = message({ clientId: 'p', state: 'pending' });
    const { messages, added, settled } = mergeMessages(
      [pending],
      [message({ id: '9', seq: 3, clientId: 'p' })],
    );
    expect(messages).to.have.length(1);
    expect(messages[0]).to.include({ id: '9', seq: 3, state: 'sent' });
    expect(added).to.deep.equal([]);
    expect(settled.map((m) => m.id)).to.deep.equal(['9']);
  });

  it('never lets a pending copy overwrite a confirmed one', () => {
    const held = [message({ id: '9', seq: 3, clientId: 'p' })];
    const { messages } = mergeMessages(held, [message({ clientId: 'p', state: 'pending' })]);
    expect(messages[0]).to.include({ seq: 3, state: 'sent' });
  });
});

describe('mergeMessages with revisions', () => {
  it('takes an edit or a tombstone with a higher rev and keeps it over an older copy', () => {
    const original = message({ id: 'm1', seq: 1, rev: 1, text: 'v1' });
    const edited = message({
      id: 'm1',
      seq: 1,
      rev: 3,
      text: 'v2',
      editedAt: '2024-01-01T00:01:00.000Z',
    });
    const afterEdit = mergeMessages([original], [edited]).messages;
    expect(afterEdit[0]!.text).to.equal('v2');
    const stale = mergeMessages(afterEdit, [original]).messages;
    expect(stale[0]!.text).to.equal('v2');
    expect(stale[0]!.editedAt).to.equal('2024-01-01T00:01:00.000Z');
    const tomb = message({
      id: 'm1',
      seq: 1,
      rev: 4,
      text: '',
      deletedAt: '2024-01-01T00:02:00.000Z',
      deletedBy: 'moderator',
    });
    const deleted = mergeMessages(stale, [tomb]).messages;
    expect(deleted.map((m) => [m.seq, m.text, m.deletedBy])).to.deep.equal([[1, '', 'moderator']]);
  });
});

describe('cashtags and locales', () => {
  it('normalises tickers and refuses non-tickers', () => {
    expect(normalizeTicker('tsla')).to.equal('$TSLA');
    expect(normalizeTicker(' $brk.a ')).to.equal('$BRK.A');
    expect(normalizeTicker('$TOOLONGX')).to.equal(null);
    expect(normalizeTicker('g:1')).to.equal(null);
  });

  it('splits text into runs and cashtag chips, leaving money alone', () => {
    const parts = splitCashtags('buy $tsla and $BRK.A, not US$5');
    expect(parts.filter((p) => p.kind === 'cashtag').map((p) => p.text)).to.deep.equal([
      '$tsla',
      '$BRK.A',
    ]);
    expect(parts.map((p) => p.text).join('')).to.equal('buy $tsla and $BRK.A, not US$5');
  });

  it('resolves locales by tag and language and fills placeholders', async () => {
    expect(resolveLocale('zh-TW')).to.equal('zh-Hant');
    expect(resolveLocale('en-GB')).to.equal('en');
    expect(resolveLocale('xx')).to.equal('en');
    expect(resolveLocale('zh-CN')).to.equal('zh-Hans');
    await loadLocale('zh-Hant');
    expect(translator('zh-Hant')('typingOne', { name: 'Alice' })).to.equal('Alice 正在輸入…');
    await loadLocale('zh');
    expect(translator('zh-Hans')('err_too_large')).to.equal('消息太长了。');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AutoRules, SpamError, hasLink } from '../../server/domain/moderation/auto-rules.js';

const rules = (over: Partial<ConstructorParameters<typeof AutoRules>[0]> = {}) =>
  new AutoRules({
    repeatCount: 3,
    repeatWindowMs: 600_000,
    maxCashtags: 5,
    linkMinAccountAgeMs: 3_600_000,
    blockedWords: ['scamcoin', 'get rich'],
    blockedWordsAction: 'refuse',
    ...over,
  });
const input = (text: string, extra = {}) => ({
  userId: 'u',
  text,
  cashtags: 0,
  ticker: true,
  firstSeen: 0,
  ...extra,
});
const ruleOf = (fn: () => unknown) => {
  try {
    fn();
    return 'passed';
  } catch (err) {
    assert.ok(err instanceof SpamError);
    assert.equal(err.code, 'spam');
    return err.decision.rule;
  }
};

describe('AutoRules', () => {
  it('refuses a blocked word or phrase as a whole word, case-insensitively, in refuse mode', () => {
    const r = rules();
    assert.equal(
      ruleOf(() => r.check(input('buy SCAMCOIN now'))),
      'blocked_word',
    );
    assert.equal(
      ruleOf(() => r.check(input('how to Get  Rich'))),
      'blocked_word',
    );
    assert.equal(
      ruleOf(() => r.check(input('how to get rich fast'))),
      'blocked_word',
    );
    assert.equal(
      ruleOf(() => r.check(input('scamcoins are a word of their own'))),
      'passed',
    );
  });

  it('masks blocked words in mask mode and keeps the rest of the text', () => {
    const r = rules({ blockedWordsAction: 'mask' });
    assert.equal(r.check(input('ScamCoin to $1')), '******** to $1');
  });

  it('counts repeats per user over the window, only for accepted messages, never for edits', () => {
    const r = rules();
    const t0 = 1_000_000;
    r.accepted('u', 'Same text', t0);
    r.accepted('u', 'same  TEXT', t0 + 1);
    assert.equal(
      ruleOf(() => r.check(input('same text'), t0 + 2)),
      'repeat',
    );
    assert.equal(
      ruleOf(() => r.check(input('same text', { edit: true }), t0 + 2)),
      'passed',
    );
    assert.equal(
      ruleOf(() => r.check(input('same text', { userId: 'other' }), t0 + 2)),
      'passed',
    );
    assert.equal(
      ruleOf(() => r.check(input('same text'), t0 + 600_001)),
      'passed',
    );
  });

  it('refuses links from new accounts in ticker rooms only', () => {
    const r = rules();
    const now = 10_000_000;
    const young = { firstSeen: now - 60_000 };
    assert.equal(
      ruleOf(() => r.check(input('see www.pump.example', young), now)),
      'link',
    );
    assert.equal(
      ruleOf(() => r.check(input('see www.pump.example', { ...young, ticker: false }), now)),
      'passed',
    );
    assert.equal(
      ruleOf(() => r.check(input('see www.pump.example', { firstSeen: 0 }), now)),
      'passed',
    );
    assert.equal(hasLink('long $BRK.A and $AAPL'), false);
    assert.equal(hasLink('pumpsite.io/join'), true);
  });

  it('turns each numeric rule off with 0', () => {
    const r = rules({ repeatCount: 0, maxCashtags: 0, linkMinAccountAgeMs: 0, blockedWords: [] });
    r.accepted('u', 'x');
    r.accepted('u', 'x');
    assert.equal(
      r.check(input('x https://a.example', { cashtags: 40, firstSeen: Date.now() })),
      'x https://a.example',
    );
  });
});

/**
 * Why an automatic rule refused a message, in English, from the refusal's `rule`
 * and `limit`: a chunk of its own, fetched with the first such refusal. Other
 * locales' JSON tables hold the same keys.
 */
import type { RefusalRule } from '../../../protocol/wire.js';

export const enRefusals = {
  refusedRepeat: 'You sent this several times already; write something new.',
  refusedCashtags: 'At most {limit} cashtags in one message.',
  refusedLink: 'New accounts can post links in ticker rooms after {limit} minutes.',
  refusedBlockedWord: 'The message contains a word that is not allowed here.',
} as const;

const KEYS: Partial<Record<RefusalRule, keyof typeof enRefusals>> = {
  repeat: 'refusedRepeat',
  cashtags: 'refusedCashtags',
  link: 'refusedLink',
  blocked_word: 'refusedBlockedWord',
};

/** The string that says why `rule` refused a message, or the plain spam refusal. */
export const ruleKey = (rule: RefusalRule): keyof typeof enRefusals | 'err_spam' =>
  KEYS[rule] ?? 'err_spam';

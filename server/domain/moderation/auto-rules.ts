import { systemClock, type Clock } from '../../clock.js';
import { AppError } from '../../errors.js';

export interface AutoRulesConfig {
  /** Refuse the Nth copy of one text within the window (0: off). */
  repeatCount: number;
  repeatWindowMs: number;
  /** More distinct cashtags than this is refused (0: off). */
  maxCashtags: number;
  /** Accounts younger than this may not post links in ticker rooms (0: off). */
  linkMinAccountAgeMs: number;
  /** Words refused or masked, lower case. */
  blockedWords: string[];
  blockedWordsAction: 'refuse' | 'mask';
}

/** Why a rule refused a message, for the audit log. */
export interface RuleDecision {
  rule: 'repeat' | 'cashtags' | 'link' | 'blocked_word';
  detail: string;
}

const LINK =
  /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|io|co|xyz|info|biz|ly|gg|me|app|dev|link|click|top|ru|cn)\b/i;
const MAX_REMEMBERED = 50;

/** Lower case, whitespace collapsed: "BUY  $XYZ now" and "buy $xyz NOW" are the same text. */
export const normaliseText = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
export const hasLink = (text: string) => LINK.test(text);

/**
 * The automatic rules on the send path, from memory only: repeated text per user
 * (one room or across rooms), too many cashtags, links from new accounts in
 * ticker rooms, and blocked words. `check` throws `spam` or returns the text to
 * store (masked when blocked words are masked); `accepted` records a stored message.
 */
export class AutoRules {
  private readonly recent = new Map<string, { text: string; at: number }[]>();
  private readonly words: RegExp | null;

  constructor(
    private readonly config: AutoRulesConfig,
    private readonly clock: Clock = systemClock,
  ) {
    const escaped = config.blockedWords
      .map((w) => w.trim())
      .filter(Boolean)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
    this.words = escaped.length
      ? new RegExp(`(?<!\\w)(?:${escaped.join('|')})(?!\\w)`, 'giu')
      : null;
  }

  /** Throws `spam` (carrying the decision) when a rule refuses; returns the text to store. */
  check(
    input: {
      userId: string;
      text: string;
      cashtags: number;
      ticker: boolean;
      firstSeen: number;
      /** An edit is not a new post: the repeat rule does not apply. */
      edit?: boolean;
    },
    now = this.clock.now(),
  ): string {
    const { config } = this;
    if (config.maxCashtags > 0 && input.cashtags > config.maxCashtags) {
      throw refuse(
        { rule: 'cashtags', detail: `${input.cashtags} cashtags` },
        `at most ${config.maxCashtags} cashtags per message`,
        config.maxCashtags,
      );
    }
    if (
      input.ticker &&
      config.linkMinAccountAgeMs > 0 &&
      now - input.firstSeen < config.linkMinAccountAgeMs &&
      hasLink(input.text)
    ) {
      const minutes = Math.round(config.linkMinAccountAgeMs / 60_000);
      throw refuse(
        { rule: 'link', detail: 'link from a new account' },
        `new accounts can post links in ticker rooms after ${minutes} minutes`,
        minutes,
      );
    }
    let text = input.text;
    if (this.words) {
      this.words.lastIndex = 0;
      if (this.words.test(text)) {
        if (config.blockedWordsAction === 'refuse') {
          throw refuse(
            { rule: 'blocked_word', detail: 'blocked word' },
            'the message contains a blocked word',
          );
        }
        text = text.replace(this.words, (w) => '*'.repeat(w.length));
      }
    }
    if (config.repeatCount > 0 && !input.edit) {
      const norm = normaliseText(text);
      const seen = this.window(input.userId, now).filter((r) => r.text === norm).length;
      if (seen + 1 >= config.repeatCount) {
        throw refuse(
          { rule: 'repeat', detail: `repeated text: ${norm.slice(0, 80)}` },
          'the same message was posted too often; write something new',
        );
      }
    }
    return text;
  }

  /** Remembers a stored message for the repeat rule (never a retried one). */
  accepted(userId: string, text: string, now = this.clock.now()): void {
    if (this.config.repeatCount <= 0) return;
    const list = this.window(userId, now);
    list.push({ text: normaliseText(text), at: now });
    if (list.length > MAX_REMEMBERED) list.shift();
    this.recent.set(userId, list);
  }

  private window(userId: string, now: number) {
    const since = now - this.config.repeatWindowMs;
    const list = (this.recent.get(userId) ?? []).filter((r) => r.at > since);
    if (list.length) this.recent.set(userId, list);
    else this.recent.delete(userId);
    return list;
  }
}

/**
 * A `spam` refusal that carries the rule's decision for the audit log, and tells the
 * client which rule (and its number) so the widget can explain it in the user's language.
 */
export class SpamError extends AppError {
  constructor(
    readonly decision: RuleDecision,
    message: string,
    limit?: number,
  ) {
    super('spam', message, { rule: decision.rule, ...(limit !== undefined ? { limit } : {}) });
  }
}
const refuse = (decision: RuleDecision, message: string, limit?: number) =>
  new SpamError(decision, message, limit);

import type { Message, RoomId } from '../../../protocol/wire.js';
import type { RoomRecord } from '../../store/types.js';
import { AppError } from '../../errors.js';
import { dmPeer } from '../rooms.js';
import { userAuthor } from '../senders.js';
import type { AutoRules } from './auto-rules.js';
import { SpamError } from './auto-rules.js';
import type { ModerationState } from './moderation-state.js';
import { canModerateRoom } from './roles.js';

/** Slow mode's per-user, per-room counter: resolves with the ms to wait (0: may post now). */
export type SlowModeGate = (room: RoomId, userId: string, seconds: number) => Promise<number>;

/** What the guard records in the audit log when a rule decides (actor `auto`). */
export type AutoAudit = (entry: { action: string; target: string; reason: string }) => void;

export interface Poster {
  id: string;
  roles?: string[];
}

/**
 * Every check a message goes through before it is stored, from memory only:
 * ban, mute, read-only room, a block between DM peers, the automatic rules and
 * slow mode (last, because it counts). Moderators skip the automatic rules,
 * read-only and slow mode; `exempt` (server-side senders) skips the automatic rules.
 */
export class SendGuard {
  constructor(
    private readonly state: ModerationState,
    private readonly rules: AutoRules,
    private readonly slowMode: SlowModeGate,
    private readonly audit: AutoAudit,
  ) {}

  /** Checks a new message; returns the text to store (blocked words may be masked). */
  async check(
    user: Poster,
    room: RoomRecord,
    text: string,
    cashtags: number,
    options: { exempt?: boolean; edit?: boolean } = {},
  ): Promise<string> {
    this.assertMayPost(user, room);
    const moderator = canModerateRoom(user, room);
    let stored = text;
    if (!moderator && !options.exempt) {
      const firstSeen = await this.state.firstSeenOf(user.id);
      try {
        stored = this.rules.check({
          userId: user.id,
          text,
          cashtags,
          ticker: room.kind === 'ticker',
          firstSeen,
          edit: options.edit,
        });
      } catch (err) {
        if (err instanceof SpamError)
          this.audit({
            action: `auto_${err.decision.rule}`,
            target: user.id,
            reason: `${room.id}: ${err.decision.detail}`,
          });
        throw err;
      }
    }
    if (!moderator && !options.edit && room.slowModeSec > 0) {
      const waitMs = await this.slowMode(room.id, user.id, room.slowModeSec);
      if (waitMs > 0) {
        throw new AppError(
          'rate_limited',
          `slow mode: one message every ${room.slowModeSec} s; retry in ${Math.ceil(waitMs / 1000)} s`,
          { retryAfterMs: waitMs, rule: 'slow_mode', limit: room.slowModeSec },
        );
      }
    }
    return stored;
  }

  /** Ban, mute, read-only and DM blocks: what keeps a user from posting at all (also on edit). */
  assertMayPost(user: Poster, room: RoomRecord): void {
    const ban = this.state.banOf(user.id);
    if (ban) throw new AppError('banned', 'you are banned', ban.until ? { until: ban.until } : {});
    const mute = this.state.muteOf(user.id, room.id);
    if (mute) {
      throw new AppError('muted', `you are muted until ${mute.until}`, { until: mute.until });
    }
    if (room.readOnly && !canModerateRoom(user, room)) {
      throw new AppError('forbidden', `${room.id} is read-only; only moderators post`);
    }
    if (room.kind === 'dm') {
      const peer = dmPeer(room.id, user.id);
      if (peer && this.state.eitherBlocks(user.id, peer)) {
        throw new AppError('forbidden', 'direct messages between these users are blocked');
      }
    }
  }

  /** Records a stored user message for the repeat rule (a bot's texts do not count against its namesake user). */
  accepted(message: Message): void {
    const author = userAuthor(message.sender);
    if (author !== null) this.rules.accepted(author, message.text);
  }
}

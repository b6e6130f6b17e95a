import { isReaction, REACTIONS } from '../../protocol/reactions.js';
import type { Message } from '../../protocol/wire.js';
import type { RateLimit } from '../limits/user-limits.js';
import type { Store } from '../store/types.js';
import type { ChatService, UserLike } from './chat-service.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { markMine } from './reaction-marks.js';
import { userAuthor } from './senders.js';
import type { EventPublisher } from './events.js';
import type { ModerationState } from './moderation/moderation-state.js';
import type { SendGuard } from './moderation/send-guard.js';

export interface ReactionServiceDeps {
  store: Store;
  chat: ChatService;
  guard: SendGuard;
  state: ModerationState;
  events: EventPublisher;
  /** Per-user reaction rate (LIMIT_REACTIONS_PER_MINUTE). */
  limit: RateLimit;
}

/**
 * Reactions from the fixed set (protocol/reactions.ts). A change is announced
 * like an edit: `message.updated` with the message's new `rev`, so the room sees it
 * live and a reconnecting client catches up on it by `lastRev`. Reacting follows
 * the posting rules (ban, mute, read-only room, DM blocks), and nobody reacts to a
 * message of a user they block or who blocks them.
 */
export class ReactionService {
  constructor(private readonly deps: ReactionServiceDeps) {}

  async react(
    input: { room: string; seq: number; emoji: string; on: boolean },
    user: UserLike,
  ): Promise<Message> {
    const { store, chat, guard, state } = this.deps;
    if (!isReaction(input.emoji)) {
      throw badRequest(
        `"${input.emoji.slice(0, 16)}" is not a reaction; use one of ${REACTIONS.join(' ')}`,
      );
    }
    const { room } = await chat.access(input.room, user);
    const current = await store.getMessage(room.id, input.seq);
    if (!current || current.deletedAt) throw notFound(`no message ${input.seq} in ${room.id}`);
    guard.assertMayPost(user, room);
    // Blocks are between users: a bot's message is not its namesake user's.
    const author = userAuthor(current.sender);
    if (author !== null && author !== user.id && state.eitherBlocks(user.id, author)) {
      throw forbidden(`you cannot react to messages of ${author}`);
    }
    await this.deps.limit.consume(user.id);
    const result = await store.react(room.id, input.seq, user.id, input.emoji, input.on);
    if (!result) throw notFound(`no message ${input.seq} in ${room.id}`);
    const [mine] = await markMine(store, room.id, [result.message], user.id);
    if (result.changed) {
      this.deps.events.publish({
        type: 'message.updated',
        message: result.message,
        reactor: { user: user.id, message: mine! },
      });
    }
    return mine!;
  }
}

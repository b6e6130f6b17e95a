import type { Message, User } from '../../../protocol/wire.js';
import type { PurgeResult, UserReview } from '../../../protocol/admin.js';
import type { Clock } from '../../clock.js';
import type { Store } from '../../store/types.js';
import type { UserLike } from '../chat-service.js';
import { badRequest, forbidden, notFound } from '../../errors.js';
import type { EventPublisher } from '../events.js';
import { USER_ID_PATTERN } from '../rooms.js';
import type { AuditWriter } from './events.js';
import type { ModerationState } from './moderation-state.js';
import { isModerator } from './roles.js';

export interface UserReviewDeps {
  store: Store;
  state: ModerationState;
  events: EventPublisher;
  audit: AuditWriter;
  clock: Clock;
}

const FOUND = 20;
const RECENT = 50;
const RECENT_MS = 24 * 3_600_000;
/** Messages tombstoned per purge call; `more` says when the window holds others. */
export const PURGE_MAX = 500;

/**
 * The console's look at one user: find them by id or name, their recent messages
 * across rooms with the mutes and ban in force, and the purge that tombstones
 * their messages of the last minutes in every room in one audited action.
 */
export class UserReviews {
  constructor(private readonly deps: UserReviewDeps) {}

  /** Users whose id is `query` or whose name starts with it, the exact id first. */
  async find(query: string): Promise<{ items: User[] }> {
    const q = query.trim();
    if (!q) throw badRequest('q is required: a user id or the start of a name');
    return { items: await this.deps.store.moderation.findUsers(q.slice(0, 64), FOUND) };
  }

  async review(userId: string): Promise<UserReview> {
    const { store, state } = this.deps;
    if (!USER_ID_PATTERN.test(userId)) throw badRequest('userId is not a user id');
    const [[user], firstSeen, messages] = await Promise.all([
      store.getUsers([userId]),
      store.moderation.firstSeen(userId),
      store.moderation.messagesBy(userId, new Date(this.deps.clock.now() - RECENT_MS), RECENT),
    ]);
    if (!user) throw notFound(`no user ${userId}`);
    return {
      user,
      firstSeen,
      messages,
      mutes: state.mutesOf(userId),
      ban: state.banOf(userId) ?? null,
    };
  }

  /**
   * Tombstones the user's messages of the last `minutes` in every room (each room
   * hears `message_updated`), as one audit entry with the count.
   */
  async purge(
    actor: UserLike,
    userId: string,
    input: { minutes: number; reason?: string | undefined },
  ): Promise<PurgeResult> {
    if (!isModerator(actor)) throw forbidden('this needs the moderator or admin role');
    if (!USER_ID_PATTERN.test(userId)) throw badRequest('userId is not a user id');
    const { store, events } = this.deps;
    const since = new Date(this.deps.clock.now() - input.minutes * 60_000);
    const found = await store.moderation.messagesBy(userId, since, PURGE_MAX + 1);
    const live = found.slice(0, PURGE_MAX).filter((m) => !m.deletedAt);
    const at = new Date(this.deps.clock.now());
    const removed: Message[] = [];
    for (const m of live) {
      const tombstone = await store.deleteMessage(m.room, m.seq, 'moderator', at);
      if (!tombstone) continue;
      removed.push(tombstone);
      events.publish({ type: 'message.updated', message: tombstone });
    }
    const rooms = [...new Set(removed.map((m) => m.room))];
    const window = input.minutes % 60 === 0 ? `${input.minutes / 60} h` : `${input.minutes} min`;
    await this.deps.audit({
      actor: actor.id,
      action: 'purge_messages',
      target: userId,
      reason: `${removed.length} messages in ${rooms.length} rooms from the last ${window}${
        input.reason ? `: ${input.reason}` : ''
      }`,
    });
    return { removed: removed.length, rooms, more: found.length > PURGE_MAX };
  }
}

import type { MuteRoomPayload, RoomMembersData } from '../../protocol/wire.js';
import type { UserLimits } from '../limits/user-limits.js';
import type { Store } from '../store/types.js';
import { httpsAvatar } from './avatars.js';
import type { ChatService, UserLike } from './chat-service.js';
import { AppError, badRequest } from '../errors.js';
import type { EventPublisher } from './events.js';

/**
 * A user's own side of their rooms: muting one (kept per user, so it holds on
 * every device) and seeing who is in a group or DM. Changes are announced
 * through `events`, so every tab of the user follows.
 */
export class PeopleService {
  constructor(
    private readonly store: Store,
    private readonly chat: ChatService,
    private readonly events: EventPublisher,
    private readonly isOnline: (userId: string) => boolean,
    private readonly limits?: UserLimits,
  ) {}

  /** Mutes or unmutes a room the user belongs to; `conflict` (nothing changed) otherwise. */
  async setMuted(raw: string, muted: boolean, user: UserLike): Promise<MuteRoomPayload> {
    // A mute is a read-marker-sized write: it shares that limit.
    await this.limits?.markRead.consume(user.id);
    const { parsed, room } = await this.chat.find(raw, user);
    const stored = room !== null && (await this.store.people.setMuted(room.id, user.id, muted));
    if (!stored) throw new AppError('conflict', `join ${parsed.id} before muting it`);
    this.events.publish({ type: 'room.muted', room: parsed.id, user: user.id, muted });
    return { room: parsed.id, muted };
  }

  /**
   * The members of a group or DM the user may read, by name, with avatars and
   * presence. A ticker room's members are strangers: its header shows counts instead.
   */
  async members(raw: string, user: UserLike): Promise<RoomMembersData> {
    await this.limits?.history.consume(user.id);
    const { parsed, room } = await this.chat.find(raw, user);
    if (parsed.kind === 'ticker' || !room)
      throw badRequest('ticker rooms have no member list; join_chat and room_counts give counts');
    const users = await this.store.getUsers(await this.store.members(room.id));
    const members = users.map(({ avatar, ...u }) => {
      const url = httpsAvatar(avatar);
      return {
        ...u,
        ...(url ? { avatar: url } : {}),
        status: this.isOnline(u.id) ? ('online' as const) : ('offline' as const),
      };
    });
    members.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { room: room.id, members };
  }
}

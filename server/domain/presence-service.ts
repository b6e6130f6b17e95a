import type { PresenceStatus, UserRef } from '../../protocol/wire.js';
import type { Store } from '../store/types.js';
import type { EventPublisher } from './events.js';

/**
 * Online/offline as friends see it. The realtime layer decides when a user's
 * first tab opened or last tab closed (it counts sockets, cluster-wide when
 * scaled out); this records the last-seen time and announces the change.
 */
export class PresenceService {
  constructor(
    private readonly store: Store,
    private readonly events: EventPublisher,
  ) {}

  /** Records when the user was last connected. */
  async lastSeen(userId: string, at: Date): Promise<void> {
    await this.store.setLastSeen(userId, at);
  }

  /** Tells the user's friends that the user came online or went offline at `at`. */
  async announce(user: UserRef, status: PresenceStatus, at: Date): Promise<void> {
    const friends = await this.store.friendsOf(user.id);
    this.events.publish({
      type: 'presence.changed',
      user: { id: user.id, name: user.name },
      status,
      lastSeen: at.toISOString(),
      friends,
    });
  }
}

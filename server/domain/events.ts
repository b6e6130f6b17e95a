import type {
  FriendRequest,
  Message,
  MutedEvent,
  NoticeEvent,
  Quote,
  PresenceStatus,
  RoomId,
  RoomKind,
  RoomSettingsEvent,
  RoomSummary,
  User,
  UserRef,
} from '../../protocol/wire.js';
import type { AdminAction } from '../../protocol/admin.js';
import type { ReportRecord } from '../store/moderation-types.js';
import { PendingWork } from '../pending-work.js';

/**
 * Everything that changed, as the domain announces it after the write. One
 * union: a subscriber that switches over `type` is told by the compiler when a
 * new event appears. Payloads are plain JSON, so a webhook can send them as they are.
 */
export type DomainEvent =
  /** A message was stored (not a repeated `clientId`). */
  | { type: 'message.created'; message: Message }
  /** A new message `@`-mentions these users (each may read its room and does not block the sender). */
  | { type: 'message.mentioned'; message: Message; users: string[] }
  /** A message changed: edited, deleted (a tombstone) or otherwise revised (`rev` grew). */
  | {
      type: 'message.updated';
      message: Message;
      /** For a reaction: who reacted, and the message as they see it (`mine` marked). */
      reactor?: { user: string; message: Message };
    }
  /** A room's moderation settings changed (slow mode, read-only). */
  | { type: 'room.updated'; settings: RoomSettingsEvent }
  /** A moderator (or a rule) muted `userId`, or lifted a mute: every socket of theirs hears it. */
  | { type: 'user.muted'; userId: string; notice: MutedEvent }
  /** A user was banned: every socket of theirs must end, on every node. */
  | { type: 'user.banned'; userId: string }
  /** `user` read `room` up to `seq`. */
  | { type: 'room.read'; room: RoomId; kind: RoomKind; user: UserRef; seq: number }
  /** These users' unread counts in `room` changed. */
  | { type: 'unread.changed'; room: RoomId; counts: { user: string; count: number }[] }
  /** A group room was created; `members` are the users added to it other than its creator. */
  | { type: 'room.added'; room: RoomSummary; members: string[] }
  /** A ticker room (first join or send) or a DM (first friendship) came into being; groups announce `room.added`. */
  | { type: 'room.created'; room: { id: RoomId; kind: RoomKind; name: string } }
  /** A user reported a message (their first report of it). */
  | { type: 'report.created'; report: ReportRecord }
  | { type: 'friend.requested'; request: FriendRequest }
  /** `users` became friends; `room` is their DM. */
  | { type: 'friend.accepted'; users: [User, User]; room: RoomId }
  /** `users` are no longer friends (or a request was withdrawn); their DM is closed. */
  | { type: 'friend.removed'; users: [User, User]; room: RoomId }
  /** A user's first tab opened or last tab closed; `friends` are who may see it. */
  | {
      type: 'presence.changed';
      user: UserRef;
      status: PresenceStatus;
      lastSeen: string;
      friends: string[];
    }
  /** An operator's notice to one room's subscribers or, without `room`, to everyone. */
  | { type: 'notice.posted'; notice: NoticeEvent }
  /** The host pushed a newer quote (already coalesced to one a second per symbol). */
  | { type: 'quote.updated'; quote: Quote }
  /** An operator acted (disconnect, notice); the consoles show it. */
  | { type: 'admin.action'; action: AdminAction }
  /** `user` left a ticker room (membership gone): every socket of theirs leaves it. */
  | { type: 'room.left'; room: RoomId; user: string }
  /** `user` muted or unmuted `room` for themselves. */
  | { type: 'room.muted'; room: RoomId; user: string; muted: boolean }
  /** A pending friend request ended without a friendship (both users hear of it). */
  | { type: 'friend.request_closed'; request: FriendRequest; reason: 'declined' | 'cancelled' };

export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/** The one port domain services announce through. */
export interface EventPublisher {
  publish(event: DomainEvent): void;
  /**
   * Runs `work` off the caller's path and publishes what it resolves to (nothing
   * for null); a failure is reported to the bus's error handler, never thrown.
   */
  publishLater(what: string, work: () => Promise<DomainEvent | null>): void;
}

export type DomainEventListener = (event: DomainEvent) => void;

/**
 * The in-process event bus: every published event goes to every subscriber in
 * the order they subscribed (socket fan-out, activity tracker, webhooks...). A
 * throwing subscriber is reported and does not stop the others.
 */
export class EventBus implements EventPublisher {
  private readonly listeners: DomainEventListener[] = [];
  private readonly pending = new PendingWork();

  constructor(private readonly onError: (err: unknown, what: string) => void) {}

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(listener: DomainEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  publish(event: DomainEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.onError(err, event.type);
      }
    }
  }

  publishLater(what: string, work: () => Promise<DomainEvent | null>): void {
    const done: Promise<void> = work().then(
      (event) => {
        if (event) this.publish(event);
      },
      (err: unknown) => this.onError(err, what),
    );
    this.pending.add(done);
  }

  /** Resolves once every `publishLater` under way has published (for a clean shutdown). */
  async drain(): Promise<void> {
    await this.pending.idle();
  }
}

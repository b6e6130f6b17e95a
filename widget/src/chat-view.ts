/**
 * What the views read of the widget's state (`ChatView`) and the shapes it is
 * made of. `ChatState` (chat-state.ts) implements it; views import only this.
 */
import type {
  Friend,
  FriendRequest,
  Member,
  Message,
  NoticeEvent,
  Quote,
  RoomId,
  User,
} from '../../protocol/wire.js';
import type { ConnectionStatus, Refusal, RoomState, ShownError } from './types.js';

/** What the last add-friend action came to, for the panel to show. */
export type FriendsOutcome =
  { ok: true; kind: 'sent' | 'befriended'; name: string } | { ok: false; code: ShownError };

/** `GET /api/friends`. */
export interface FriendList {
  friends: Friend[];
  incoming: FriendRequest[];
  outgoing: FriendRequest[];
  /** FRIENDS_MANAGED_BY_HOST: the host platform owns the friend set; requests are off. */
  managedByHost?: boolean;
}

/** What keeps the user from posting in a room, as the composer explains it. */
export interface RoomRules {
  slowModeSec: number;
  readOnly: boolean;
  /** ISO 8601 end of the user's mute here. */
  mutedUntil?: string;
  /** Epoch ms before which slow mode refuses the next message. */
  slowUntil?: number;
  canModerate: boolean;
  /**
   * The server refused `join_chat`: the user is not allowed in this room (`forbidden`:
   * a group they are not in, a DM with someone who is not a friend) or it does not
   * exist (`not_found`). Reached through a `room` attribute; cleared by a later join.
   */
  refused?: 'forbidden' | 'not_found' | undefined;
}

/** The message whose actions are open, and which step of them (see views/message-menu.ts). */
export interface MessageMenu {
  room: RoomId;
  seq: number;
  mode: 'actions' | 'edit' | 'confirm-delete' | 'report' | 'reported' | 'react';
}

/** The state as views and the element read it: data only, no way to change it. */
export interface ChatView {
  readonly status: ConnectionStatus;
  readonly me: User | null;
  readonly rooms: ReadonlyMap<RoomId, RoomState>;
  /** Grows with every change of the state (a view redraws only what changed since). */
  readonly revision: number;
  readonly friends: ReadonlyMap<string, Friend>;
  readonly activeRoom: RoomId | null;
  /** Whether the conversation is on screen, so arriving messages count as read. */
  readonly visible: boolean;
  /** Why the room list could not load, if it could not. */
  readonly loadError: ShownError | null;
  /** The last send refused for good, for the composer to take back. */
  readonly refusal: Refusal | null;
  readonly notice: NoticeEvent | null;
  /** The last incoming message, for the element's live region. */
  readonly lastIncoming: Message | null;
  /** Requests other users sent this user, oldest first. */
  readonly incoming: readonly FriendRequest[];
  /** Requests this user sent that are still pending. */
  readonly outgoing: readonly FriendRequest[];
  readonly addOutcome: FriendsOutcome | null;
  /** Why the last "New group" failed, if it did. */
  readonly groupError: ShownError | null;
  /** Unread messages over all rooms. */
  readonly totalUnread: number;
  /** Per-room posting rules (slow mode, read-only, a mute), from join_chat and room_updated. */
  readonly roomRules: ReadonlyMap<RoomId, RoomRules>;
  readonly menu: MessageMenu | null;
  /** Set once the server refused this user as banned (`until` null: until lifted). */
  readonly banned: { until: string | null } | null;
  /** Group and DM member lists loaded with `room_members`. */
  readonly members: ReadonlyMap<RoomId, readonly Member[]>;
  /** FRIENDS_MANAGED_BY_HOST: no requests or unfriending here, the host owns the set. */
  readonly friendsManagedByHost: boolean;
  /** The users this user blocks (`blocked_users`), once the blocked list was opened; else null. */
  readonly blocked: readonly User[] | null;
  /** The newest live quote per symbol (`AAPL`), from the server's `quote` events. */
  readonly quotes: ReadonlyMap<string, Quote>;
}

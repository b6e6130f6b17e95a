/**
 * Types the widget keeps internally on top of the wire protocol: a message with
 * its delivery state, the per-room view state and the connection status.
 */
import type {
  ErrorCode,
  Message,
  RefusalRule,
  RoomId,
  RoomSummary,
  UserRef,
} from '../../protocol/wire.js';

/** An error code the widget shows through its locale files. */
export type ShownError = ErrorCode | 'network' | 'connect_failed';

/** What the status chip shows. `idle` is before the first connect. */
export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'offline';

/** Where an own message is on its way to the server. */
export type DeliveryState = 'pending' | 'sent' | 'failed';

/** A message as the timeline holds it; unconfirmed ones have `seq` 0 and an empty `id`. */
export interface ChatMessage extends Message {
  state: DeliveryState;
  /** Set when a send failed for a reason a retry will not fix on its own. */
  error?: string;
  /** When a rate-limited send goes out again by itself (epoch ms). */
  retryAt?: number;
}

/** A send the server refused for good: its text goes back to the composer with the reason. */
export interface Refusal {
  room: RoomId;
  text: string;
  code: ShownError;
  /** The rule that refused it (`spam`), and the rule's number: said in the user's language. */
  rule?: RefusalRule;
  limit?: number;
}

/** Everything the widget knows about one room. */
export interface RoomState {
  summary: RoomSummary;
  messages: ChatMessage[];
  /** Whether older messages exist before the first one held. */
  hasMore: boolean;
  /**
   * Whether newer messages exist after the last one held: dropped to keep the room
   * within `HELD_MAX` while the reader is far back, or not yet fetched after a jump.
   */
  hasNewer: boolean;
  /** The seq the reader is looking at, 0 while at the newest: what the memory cap keeps. */
  viewSeq: number;
  /** True once the first history page was loaded (or tried). */
  loaded: boolean;
  loadingOlder: boolean;
  /** Highest seq the other side of a DM has read. */
  peerReadSeq: number;
  /** A ticker room's members with a socket subscribed now (`room_counts`). */
  online?: number;
  /** The read mark when the room was last opened: the unread divider follows it. */
  dividerSeq: number;
  /** Unread messages that mention this user (counted apart from `unread`). */
  mentions: number;
  /** Users typing now, by id, with when their indicator expires. */
  typing: Map<string, { user: UserRef; until: number }>;
}

export type { RoomId };

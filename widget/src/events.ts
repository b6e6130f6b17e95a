/**
 * The DOM events `<stock-chat>` fires for the host page. All are prefixed,
 * bubbling and composed, and typed in `GlobalEventHandlersEventMap` so
 * `el.addEventListener('stock-chat-message', e => e.detail.message)` type-checks.
 */
import type { ErrorCode, Message, RoomId, User } from '../../protocol/wire.js';

export interface StockChatReadyDetail {
  /** The signed-in user as the server knows them. */
  user: User;
}

export interface StockChatMessageDetail {
  message: Message;
  /** True when the signed-in user sent it (from this tab or another). */
  own: boolean;
}

export interface StockChatUnreadChangeDetail {
  /** Unread messages over all rooms. */
  total: number;
  rooms: Record<RoomId, number>;
}

export interface StockChatNotificationDetail {
  room: RoomId;
  message: Message;
  /** True when the message mentions the signed-in user. */
  mention: boolean;
}

export interface StockChatErrorDetail {
  code: ErrorCode | 'connect_failed' | 'network';
  message: string;
  /** With `muted` and `banned`: when it ends (ISO 8601). */
  until?: string;
  /** With `rate_limited`: how long to wait. */
  retryAfterMs?: number;
}

/** Every event name and its detail. */
export interface StockChatEventDetails {
  'stock-chat-ready': StockChatReadyDetail;
  'stock-chat-message': StockChatMessageDetail;
  'stock-chat-unread-change': StockChatUnreadChangeDetail;
  'stock-chat-error': StockChatErrorDetail;
  'stock-chat-notification': StockChatNotificationDetail;
}

export type StockChatEventName = keyof StockChatEventDetails;

/** Builds one of the widget's events: bubbling and composed so it leaves the shadow root. */
export function stockChatEvent<K extends StockChatEventName>(
  name: K,
  detail: StockChatEventDetails[K],
): CustomEvent<StockChatEventDetails[K]> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'stock-chat-ready': CustomEvent<StockChatReadyDetail>;
    'stock-chat-message': CustomEvent<StockChatMessageDetail>;
    'stock-chat-unread-change': CustomEvent<StockChatUnreadChangeDetail>;
    'stock-chat-error': CustomEvent<StockChatErrorDetail>;
    'stock-chat-notification': CustomEvent<StockChatNotificationDetail>;
  }
}

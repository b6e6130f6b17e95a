/**
 * English strings, the reference locale: every other locale file provides the
 * same keys. `{name}`-style placeholders are filled by `translate()`.
 */
export const en = {
  title: 'Chat',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unreadBadge: '{count} unread',
  rooms: 'Rooms',
  tickers: 'Tickers',
  groups: 'Groups',
  direct: 'Direct messages',
  joinLabel: 'Join a ticker room',
  joinPlaceholder: '$TSLA',
  join: 'Join',
  invalidTicker: 'Type a ticker such as $TSLA.',
  noRooms: 'No rooms yet. Join a ticker room above to start.',
  pickRoom: 'Pick a room to start chatting.',
  back: 'Back to rooms',
  noMessages: 'No messages yet. Say hello!',
  loadOlder: 'Load older messages',
  loadingOlder: 'Loading older messages…',
  beginning: 'Beginning of the conversation',
  messageLabel: 'Message {room}',
  messagePlaceholder: 'Write a message…',
  send: 'Send',
  pending: 'Sending…',
  sent: 'Sent',
  seen: 'Seen',
  failed: 'Not sent',
  retry: 'Retry',
  typingOne: '{name} is typing…',
  typingTwo: '{a} and {b} are typing…',
  typingMany: 'Several people are typing…',
  online: 'Online',
  offlinePresence: 'Offline',
  lastSeen: 'Last seen {time}',
  statusIdle: 'Not connected',
  statusConnecting: 'Connecting…',
  statusOnline: 'Online',
  statusReconnecting: 'Reconnecting…',
  statusOffline: 'Offline',
  loadError: 'Could not load your rooms.',
  tryAgain: 'Try again',
  signedOut: 'Sign in to chat.',
  newMessage: 'New message from {name}: {text}',
  openRoom: 'Open {room}',
  messages: 'Messages in {room}',
  dismiss: 'Dismiss',
  you: 'You',
} as const;

/** The keys every locale must provide. */
export type StringKey = keyof typeof en;

/** A complete locale table. */
export type LocaleStrings = Record<StringKey, string>;

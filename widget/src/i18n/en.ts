/**
 * English strings, the reference locale: every other locale file provides the
 * same keys. `{name}`-style placeholders are filled by `translate()`.
 */
import type { enOnFirstUse } from './en-on-first-use.js';
import type { enRefusals } from './en-refusals.js';
import type { enDialogs } from './en-dialogs.js';
import type { enComposerNotes } from './en-composer-notes.js';

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
  newMessage: 'New message from {name}: {text}',
  openRoom: 'Open {room}',
  messages: 'Messages in {room}',
  dismiss: 'Dismiss',
  you: 'You',
  messageActions: 'Actions for this message',
  cancel: 'Cancel',
  edited: '(edited)',
  bot: 'Bot',
  system: 'System',
  deletedBySender: 'Message deleted by the sender',
  deletedByModerator: 'Message deleted by a moderator',
  roomCounts: 'Members: {members} · online: {online}',
  /** A quote more than a trading day old (views/price.ts), with the time it is from. */
  quoteStale: 'Stale, as of {time}',
  muteRoom: 'Mute',
  unmuteRoom: 'Unmute',
  muted: 'Muted',
  leave: 'Leave',
  leaveRoom: 'Leave {room}',
  reply: 'Reply',
  react: 'Add a reaction',
  replyTo: 'Reply to {name}',
  replyingTo: 'Replying to {name}',
  cancelReply: 'Cancel reply',
  jumpTo: 'Show the message from {name}',
  unreadDivider: 'Unread messages',
  today: 'Today',
  yesterday: 'Yesterday',
  memberCount: 'Members: {count}',
  charsLeft: '{count} characters left',
  charsLeft_one: '{count} character left',
  tooLong: 'The message is {count} characters too long.',
  tooLong_one: 'The message is {count} character too long.',
  sendingIn: 'Sending in {count} s',
  mentionBadge: '{count} mentions of you',
  err_bad_request: 'The chat did not understand that.',
  err_unauthorized: 'Your sign-in is no longer valid.',
  err_forbidden: 'You are not allowed to do that here.',
  err_not_found: 'That does not exist.',
  err_conflict: 'That was already done.',
  err_rate_limited: 'Too many messages; wait a moment.',
  err_too_large: 'The message is too long.',
  err_unavailable: 'The chat is busy; try again soon.',
  err_internal: 'Something went wrong on the chat server.',
  err_muted: 'You are muted here.',
  err_banned: 'You are banned from this chat.',
  err_spam: 'That looks like spam, so it was not sent.',
  err_network: 'No connection to the chat.',
  menuUnavailable: 'This menu could not load; check the connection.',
  err_connect_failed: 'Could not connect to the chat.',
} as const;

/** The keys every locale must provide: these and those of the parts loaded on first use. */
export type StringKey =
  | keyof typeof en
  | keyof typeof enOnFirstUse
  | keyof typeof enRefusals
  | keyof typeof enDialogs
  | keyof typeof enComposerNotes;

/** A plural form of a key, `charsLeft_few`: each table has the forms its language needs. */
type PluralForm = `${string}_${Intl.LDMLPluralRule}`;

/** A complete locale table: every key, and the plural forms its language uses. */
export type LocaleStrings = Record<Exclude<StringKey, PluralForm>, string> &
  Partial<Record<PluralForm, string>>;

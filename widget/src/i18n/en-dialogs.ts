/**
 * English strings of the block confirmation, the moderator's mute and ban dialog
 * and the blocked-users list: they travel in the chunks that show them (added with
 * `addEnglish()`), not in the first load. Other locales' JSON tables hold them.
 */
export const enDialogs = {
  blockTitle: 'Block {name}?',
  blockHides: 'You will no longer get from them:',
  blockHidesMessages: 'their messages, in every room and in direct messages',
  blockHidesSignals: 'their typing, read receipts, @mentions of you and whether they are online',
  blockHidesRequests: 'direct messages and friend requests, both ways',
  blockNotTold: 'They are not told. You can unblock them under Blocked users.',
  blockConfirm: 'Block',
  muteTitle: 'Mute {name} in this room?',
  banTitle: 'Ban {name} from the chat?',
  sanctionLength: 'Duration',
  length1h: '1 hour',
  length24h: '24 hours',
  length7d: '7 days',
  lengthPermanent: 'Permanent',
  sanctionReason: 'Reason (optional, kept in the moderation log)',
  muteConfirm: 'Mute',
  banConfirm: 'Ban',
  blockedUsers: 'Blocked users',
  noBlockedUsers: 'You have not blocked anyone.',
  unblock: 'Unblock',
  unblockName: 'Unblock {name}',
} as const;

/**
 * English strings of the note above the composer (views/composer-note.ts): they
 * travel in its chunk, which adds them with `addEnglish()` as it loads, instead of
 * in the first load. Other locales' JSON tables hold them as usual.
 */
export const enComposerNotes = {
  composerMuted: 'You are muted here. You can post again {left}.',
  composerMutedUntil: 'You are muted here until {time}.',
  composerMutedForever: 'You are muted here until a moderator lifts it.',
  composerBanned: 'You are banned from this chat.',
  composerBannedUntil: 'You are banned from this chat until {time}.',
  composerReadOnly: 'This room is read-only: only moderators post.',
  composerNotMember: 'You are not a member of this conversation, so you cannot post here.',
  composerRoomGone: 'This conversation does not exist.',
  composerSlowWait: 'Slow mode: you can post again {left}.',
  composerSlowMode: 'Slow mode: one message every {seconds} seconds.',
} as const;

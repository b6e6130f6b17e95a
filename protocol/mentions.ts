/**
 * The `@mention` rule, written once for the server (which stores `Message.mentions`)
 * and the widget (which highlights them and autocompletes them): `@` + a user id,
 * not glued to a word, dot or `@` before it, so an e-mail address is no mention.
 */
import { USER_ID_PATTERN } from './rooms.js';

/** An `@id` in text; group 1 is the id, possibly with trailing punctuation (see `TRAILING`). */
export const MENTION_SOURCE = '(?<![\\w.@])@([A-Za-z0-9_][A-Za-z0-9_.@-]{0,63})';
/** Sentence punctuation glued to the end of a mention or a URL, which is not part of it. */
export const TRAILING = /[.,;:!?)\]'"-]+$/;

/** User ids `@`-mentioned in a text, in order of appearance, without repeats. */
export function extractMentions(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(new RegExp(MENTION_SOURCE, 'g'))) {
    const id = (match[1] ?? '').replace(TRAILING, '');
    if (USER_ID_PATTERN.test(id)) seen.add(id);
  }
  return [...seen];
}

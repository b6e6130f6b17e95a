/**
 * What the composer shows besides its text: the message being answered, the
 * reason a send was refused, the character count and `@` suggestions. Kept by
 * the element (it is view state, not chat state) and changed through these
 * methods, each of which asks the element to re-render (`takeBack` excepted).
 * Sending and taking back a refused send also fill or empty the textarea.
 */
import type { UserRef } from '../../server/protocol.js';
import type { ChatView } from './chat-view.js';
import { openRoomState } from './rooms.js';
import type { ComposerState } from './views/composer.js';
import type { ChatMessage } from './types.js';

const MENTION_AT_CARET = /(?:^|\s)@([A-Za-z0-9_.@-]{0,64})$/;

export class Composer implements ComposerState {
  length = 0;
  maxLength = 4000;
  error: string | null = null;
  replyTo: ChatMessage | null = null;
  suggestions: readonly UserRef[] = [];

  constructor(private readonly update: () => void) {}

  /** Takes the textarea's new value: count, clear a stale error, look for `@word`. */
  input(box: HTMLTextAreaElement, view: ChatView): void {
    this.length = box.value.length;
    if (this.error && this.length <= this.maxLength) this.error = null;
    const query = MENTION_AT_CARET.exec(box.value.slice(0, box.selectionStart))?.[1];
    this.suggestions = query === undefined ? [] : candidates(view, query.toLowerCase());
    this.update();
  }

  /** Replaces the `@word` before the caret with `@id `. */
  mention(box: HTMLTextAreaElement, user: UserRef): void {
    const caret = box.selectionStart;
    const before = box.value.slice(0, caret).replace(/@[A-Za-z0-9_.@-]*$/, `@${user.id} `);
    box.value = before + box.value.slice(caret);
    box.setSelectionRange(before.length, before.length);
    this.suggestions = [];
    this.length = box.value.length;
    box.focus();
    this.update();
  }

  /**
   * Hands the text to `send` and empties the box. Text over `limit` stays, with
   * `tooLong(over)` as the reason: never cut silently.
   */
  submit(
    box: HTMLTextAreaElement,
    limit: number,
    send: (text: string, replyTo?: ChatMessage) => void,
    tooLong: (over: number) => string,
  ): void {
    if (!box.value.trim()) return;
    const over = box.value.trim().length - limit;
    if (over > 0) {
      this.setError(tooLong(over));
      box.focus();
      return;
    }
    send(box.value, this.replyTo ?? undefined);
    box.value = '';
    this.reset();
    box.focus();
  }

  /**
   * A send refused for good: its text back in the box (unless something new was
   * typed meanwhile), with the reason. Called while the element updates, so it asks
   * for no re-render.
   */
  takeBack(box: HTMLTextAreaElement, text: string, reason: string): void {
    if (!box.value.trim()) box.value = text;
    this.length = box.value.length;
    this.error = reason;
  }

  setReply(message: ChatMessage | null): void {
    this.replyTo = message;
    this.update();
  }

  setError(error: string | null): void {
    this.error = error;
    this.update();
  }

  /** After a send or a room change: nothing quoted, nothing suggested, no error. */
  reset(length = 0): void {
    this.length = length;
    this.error = null;
    this.replyTo = null;
    this.suggestions = [];
    this.update();
  }
}

/** Friends and people seen in the open room whose id or name starts with `query`. */
function candidates(view: ChatView, query: string): UserRef[] {
  const people = new Map<string, UserRef>();
  const room = openRoomState(view);
  for (const message of room?.messages ?? []) people.set(message.sender.id, message.sender);
  for (const friend of view.friends.values()) people.set(friend.id, friend);
  if (view.me) people.delete(view.me.id);
  return [...people.values()]
    .filter((p) => p.id.toLowerCase().startsWith(query) || p.name.toLowerCase().startsWith(query))
    .slice(0, 5);
}

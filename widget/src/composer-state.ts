/**
 * What the composer shows besides its text: the message being answered, the
 * reason a send was refused, the character count and the `@` suggestions (the
 * list itself loads on the first `@`: `views/mention-list.ts`). Kept by the
 * element (it is view state, not chat state) and changed through these methods,
 * each of which asks the element to re-render (`takeBack` excepted). Sending and
 * taking back a refused send also fill or empty the textarea, and the text of
 * each room is kept as a draft in sessionStorage until it is sent.
 */
import { nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { UserRef } from '../../protocol/wire.js';
import type { ChatView } from './chat-view.js';
import type { Translate } from './i18n/index.js';
import type { ComposerState } from './views/composer.js';
import type * as MentionList from './views/mention-list.js';
import type { ChatMessage } from './types.js';

const MENTION_AT_CARET = /(?:^|\s)@([A-Za-z0-9_.@-]{0,64})$/;

/** A longer draft is not kept: sessionStorage is small and shared with the host page. */
const DRAFT_MAX = 20_000;

/** The draft kept under `key`, or '' (also when storage is off). */
function readDraft(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** Keeps `text` under `key`; an empty or oversized one removes it. */
function keepDraft(key: string, text: string): void {
  try {
    if (text.trim() && text.length <= DRAFT_MAX) sessionStorage.setItem(key, text);
    else sessionStorage.removeItem(key);
  } catch {
    // Storage off or full: the draft lives as long as the page.
  }
}

export class Composer implements ComposerState {
  /** The text's length as sent (trimmed): the counter and the refusal both use it. */
  length = 0;
  maxLength = 4000;
  error: string | null = null;
  replyTo: ChatMessage | null = null;
  suggestions: readonly UserRef[] = [];
  /** The suggestion the keyboard is on. */
  active = 0;
  private mentions?: typeof MentionList;
  private mentionsLoad?: Promise<void>;
  private box?: HTMLTextAreaElement;
  private draftKey = '';

  constructor(private readonly update: () => void) {}

  /** Shows the draft of the room `key` names when the room (or the textarea) changed. */
  follow(box: HTMLTextAreaElement, key: string): void {
    if (box === this.box && key === this.draftKey) return;
    this.box = box;
    this.draftKey = key;
    box.value = readDraft(key);
    this.reset(box.value.trim().length);
  }

  /** Takes the textarea's new value: count, clear a stale error, look for `@word`, keep the draft. */
  input(box: HTMLTextAreaElement, view: ChatView): void {
    this.length = box.value.trim().length;
    if (this.error && this.length <= this.maxLength) this.error = null;
    const query = MENTION_AT_CARET.exec(box.value.slice(0, box.selectionStart))?.[1];
    this.suggestions =
      query === undefined ? [] : (this.mentions?.candidates(view, query.toLowerCase()) ?? []);
    this.active = 0;
    if (query !== undefined && !this.mentions)
      void this.loadMentions().then(() => this.mentions && this.input(box, view));
    keepDraft(this.draftKey, box.value);
    this.update();
  }

  /** A key for the open `@` list (`listKey` in its module); true when the list took it. */
  listKey(event: KeyboardEvent, box: HTMLTextAreaElement): boolean {
    const taken = Boolean(this.suggestions.length && this.mentions?.listKey(this, event, box));
    if (taken) this.update();
    return taken;
  }

  /** The suggestion list, once it has loaded and while something matches. */
  list(t: Translate, pick: (user: UserRef) => void): TemplateResult | typeof nothing {
    return this.mentions && this.suggestions.length
      ? this.mentions.renderMentionList(t, this.suggestions, this.active, pick)
      : nothing;
  }

  /** Replaces the `@word` before the caret with `@id `. */
  mention(box: HTMLTextAreaElement, user: UserRef): void {
    const caret = box.selectionStart;
    const before = box.value.slice(0, caret).replace(/@[A-Za-z0-9_.@-]*$/, `@${user.id} `);
    box.value = before + box.value.slice(caret);
    box.setSelectionRange(before.length, before.length);
    this.suggestions = [];
    this.length = box.value.trim().length;
    keepDraft(this.draftKey, box.value);
    box.focus();
    this.update();
  }

  /**
   * Hands the text to `send` and empties the box. Text over the limit stays, with
   * `tooLong(over)` as the reason: never cut silently. A half-typed mention goes
   * as plain text (`plainHalfTyped`), so text with an `@` waits for the list's module.
   */
  submit(
    box: HTMLTextAreaElement,
    view: ChatView,
    send: (text: string, replyTo?: ChatMessage) => void,
    tooLong: (over: number) => string,
  ): void {
    this.length = box.value.trim().length;
    if (!this.length) return;
    if (this.length > this.maxLength) {
      this.setError(tooLong(this.length - this.maxLength));
      box.focus();
      return;
    }
    const go = () => {
      if (!box.value.trim()) return;
      send(this.mentions?.plainHalfTyped(box.value, view) ?? box.value, this.replyTo ?? undefined);
      box.value = '';
      keepDraft(this.draftKey, '');
      this.reset();
      box.focus();
    };
    if (this.mentions || !box.value.includes('@')) go();
    else void this.loadMentions().then(go);
  }

  /**
   * A send refused for good: its text back in the box (unless something new was
   * typed meanwhile), with the reason. Called while the element updates, so it asks
   * for no re-render.
   */
  takeBack(box: HTMLTextAreaElement, text: string, reason: string): void {
    if (!box.value.trim()) box.value = text;
    this.length = box.value.trim().length;
    this.error = reason;
    keepDraft(this.draftKey, box.value);
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

  /** Loads the suggestion list's module; a failed load (offline) is tried again at the next `@`. */
  private loadMentions(): Promise<void> {
    return (this.mentionsLoad ??= import('./views/mention-list.js').then(
      (module) => {
        this.mentions = module;
      },
      () => {
        this.mentionsLoad = undefined;
      },
    ));
  }
}

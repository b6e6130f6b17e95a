/**
 * The `@` suggestion list, loaded the first time the user types `@`: who matches
 * the word being typed, the listbox the composer's textarea controls, and the
 * half-typed mentions a send must not carry.
 */
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { MENTION_SOURCE, TRAILING } from '../../../protocol/mentions.js';
import type { UserRef } from '../../../protocol/wire.js';
import type { ChatView } from '../chat-view.js';
import { enOnFirstUse } from '../i18n/en-on-first-use.js';
import { addEnglish } from '../i18n/index.js';
import type { Translate } from '../i18n/index.js';
import { openRoomState } from '../rooms.js';

addEnglish(enOnFirstUse);

/** Friends and people seen in the open room, the signed-in user left out. */
function known(view: ChatView): Map<string, UserRef> {
  const people = new Map<string, UserRef>();
  for (const message of openRoomState(view)?.messages ?? [])
    people.set(message.sender.id, message.sender);
  for (const friend of view.friends.values()) people.set(friend.id, friend);
  if (view.me) people.delete(view.me.id);
  return people;
}

const starts = (user: UserRef, query: string): boolean =>
  user.id.toLowerCase().startsWith(query) || user.name.toLowerCase().startsWith(query);

/** Known people whose id or name starts with `query` (lower case), at most five. */
export function candidates(view: ChatView, query: string): UserRef[] {
  return [...known(view).values()].filter((user) => starts(user, query)).slice(0, 5);
}

/**
 * `text` with each half-typed mention made plain: an `@word` that begins the id or
 * name of someone known but is nobody's id (`@al` on the way to `@alice`). A WORD
 * JOINER after its `@` shows nothing and keeps the server (and every reader) from
 * taking it for a mention. An `@id` that begins no known name stays a mention: it
 * may name someone who has not posted in the loaded part of the room.
 */
export function plainHalfTyped(text: string, view: ChatView): string {
  const people = [...known(view).values()];
  return text.replace(new RegExp(MENTION_SOURCE, 'g'), (whole, word: string) => {
    const id = word.replace(TRAILING, '');
    const query = id.toLowerCase();
    if (id === view.me?.id || people.some((user) => user.id === id)) return whole;
    return people.some((user) => starts(user, query)) ? `@\u2060${word}` : whole;
  });
}

/** The composer as the list's keys change it. */
export interface ListOwner {
  suggestions: readonly UserRef[];
  active: number;
  mention(box: HTMLTextAreaElement, user: UserRef): void;
}

/**
 * A key on the textarea while the list is open: the arrows move the active option,
 * Enter or Tab picks it, Escape closes the list and nothing else. True when the key
 * was the list's.
 */
export function listKey(owner: ListOwner, event: KeyboardEvent, box: HTMLTextAreaElement): boolean {
  const count = owner.suggestions.length;
  const { key } = event;
  if (event.isComposing || event.shiftKey || event.altKey || event.ctrlKey) return false;
  if (key === 'ArrowDown' || key === 'ArrowUp')
    owner.active = (owner.active + (key === 'ArrowDown' ? 1 : count - 1)) % count;
  else if (key === 'Enter' || key === 'Tab') owner.mention(box, owner.suggestions[owner.active]!);
  else if (key === 'Escape') owner.suggestions = [];
  else return false;
  event.preventDefault();
  event.stopPropagation();
  return true;
}

/** The listbox of suggestions; `active` is the option the keyboard is on */
export function renderMentionList(
  t: Translate,
  users: readonly UserRef[],
  active: number,
  pick: (user: UserRef) => void,
): TemplateResult {
  return html`<ul
    part="mention-list"
    id="mention-list"
    class="suggestions"
    role="listbox"
    aria-label=${t('mentionList')}
  >
    ${users.map(
      (user, i) =>
        // mousedown would take focus from the textarea, where the keyboard stays.
        html`<li
          part="mention-option"
          id="mention-${i}"
          role="option"
          aria-selected=${i === active ? 'true' : 'false'}
          @mousedown=${(event: Event) => event.preventDefault()}
          @click=${() => pick(user)}
        >
          <bdi>${user.name}</bdi> <span class="room-sub">@${user.id}</span>
        </li>`,
    )}
  </ul>`;
}

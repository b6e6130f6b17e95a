/**
 * The friends part of the room list: the add-a-friend form with its outcome,
 * incoming requests with Accept, outgoing requests marked pending, and the
 * new-group form that picks members from the user's friends, and the users
 * this user blocks, each with Unblock (loaded when the list is opened). With
 * FRIENDS_MANAGED_BY_HOST the host platform owns the friend set: the list stays,
 * adding, requests and unfriending go.
 */
import { html, nothing } from 'lit';
import type { ReactiveElement, TemplateResult } from 'lit';
import type { ChatView } from '../chat-view.js';
import type { People } from '../people.js';
import { errorKey } from '../i18n/index.js';
import type { StringKey, Translate } from '../i18n/index.js';
import { avatar } from './message-item.js';
import { sentence } from './names.js';
import { addEnglish } from '../i18n/index.js';
import { enOnFirstUse } from '../i18n/en-on-first-use.js';
import { enDialogs } from '../i18n/en-dialogs.js';
import { addStyles } from '../lazy.js';
import { friendsPanelStyles } from './friends-panel.styles.js';

addEnglish(enOnFirstUse);
addEnglish(enDialogs);
addStyles(friendsPanelStyles);

// What a refused friend request means in this panel, where the generic text would be vague.
const FRIEND_ERRORS: Partial<Record<string, StringKey>> = {
  conflict: 'friendConflict',
  not_found: 'friendNotFound',
  bad_request: 'friendBadId',
};

/** The data and actions the friends panel needs. */
export interface FriendsPanelContext {
  view: ChatView;
  t: Translate;
  /** Asks a user for a friendship; true when it went through. */
  onAddFriend(to: string): Promise<boolean>;
  onAccept(requestId: string): void;
  /** Decline, cancel and unfriend. */
  people: People;
  /** Creates a group; true when it was created. */
  onCreateGroup(name: string, members: string[]): Promise<boolean>;
}

function onAddFriend(ctx: FriendsPanelContext) {
  return async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('to') as HTMLInputElement;
    if (await ctx.onAddFriend(input.value)) input.value = '';
  };
}

function onCreateGroup(ctx: FriendsPanelContext) {
  return async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const members = data.getAll('member').map(String);
    if (await ctx.onCreateGroup(String(data.get('name') ?? ''), members)) form.reset();
  };
}

function outcome(view: ChatView, t: Translate): (string | TemplateResult)[] | string {
  const result = view.addOutcome;
  if (!result) return '';
  if (!result.ok) return t(FRIEND_ERRORS[result.code] ?? errorKey(result.code));
  return sentence(t, result.kind === 'sent' ? 'requestSent' : 'befriended', { name: result.name });
}

function requestList<T>(
  id: string,
  heading: string,
  list: readonly T[],
  item: (entry: T) => TemplateResult,
): TemplateResult | typeof nothing {
  if (list.length === 0) return nothing;
  return html`<h4 class="section" id=${id}>${heading}</h4>
    <ul class="rooms" aria-labelledby=${id}>
      ${list.map(item)}
    </ul>`;
}

function newGroupForm(ctx: FriendsPanelContext): TemplateResult {
  const { view, t } = ctx;
  const friends = [...view.friends.values()];
  return html`<details part="new-group" class="new-group">
    <summary part="new-group-toggle">${t('newGroup')}</summary>
    <form class="group-form" @submit=${onCreateGroup(ctx)}>
      <label for="group-name">${t('groupName')}</label>
      <div class="join">
        <input id="group-name" part="group-name" name="name" required maxlength="80" />
      </div>
      <fieldset part="group-members">
        <legend>${t('groupMembers')}</legend>
        ${
          friends.length === 0
            ? html`<p class="room-sub">${t('noFriendsYet')}</p>`
            : friends.map(
                (friend) =>
                  html`<label class="member"
                    ><input type="checkbox" name="member" value=${friend.id} />
                    ${friend.name}</label
                  >`,
              )
        }
      </fieldset>
      <div class="join">
        <button part="group-create" type="submit">${t('createGroup')}</button>
      </div>
      <p class="field-error" role="alert">
        ${view.groupError ? t(errorKey(view.groupError)) : nothing}
      </p>
    </form>
  </details>`;
}

/** A small button whose part and label name the action (`decline`, `cancelRequest`, `unfriend`). */
function action(
  ctx: FriendsPanelContext,
  key: 'decline' | 'cancelRequest' | 'unfriend',
  name: string,
  run: () => Promise<void>,
): TemplateResult {
  return html`<button
    part=${key === 'cancelRequest' ? 'cancel-request' : key}
    class="link"
    aria-label=${ctx.t(`${key}Name`, { name })}
    @click=${() => void run()}
  >
    ${ctx.t(key)}
  </button>`;
}

/**
 * Unblocks a user; focus stays in the list (on the button now in that place, or the
 * list's toggle once it is gone) rather than falling to the page.
 */
function onUnblock(ctx: FriendsPanelContext, id: string) {
  return async (event: Event): Promise<void> => {
    const button = event.currentTarget as HTMLElement;
    const details = button.closest('details');
    const host = (button.getRootNode() as ShadowRoot).host as ReactiveElement;
    await ctx.people.unblock(id);
    await Promise.resolve();
    await host.updateComplete;
    if (!button.isConnected) details?.querySelector<HTMLElement>('summary')?.focus();
  };
}

/** The users this user blocks, each with Unblock; loaded (again) each time it opens. */
function blockedList(ctx: FriendsPanelContext): TemplateResult {
  const { view, t } = ctx;
  const list = view.blocked;
  const onToggle = (event: Event) => {
    if ((event.currentTarget as HTMLDetailsElement).open) void ctx.people.blockedUsers();
  };
  return html`<details part="blocked-users" class="new-group" @toggle=${onToggle}>
    <summary part="blocked-users-toggle">${t('blockedUsers')}</summary>
    ${
      list === null
        ? html`<p class="room-sub" role="status">…</p>`
        : list.length === 0
          ? html`<p class="room-sub" role="status">${t('noBlockedUsers')}</p>`
          : html`<ul class="rooms" aria-label=${t('blockedUsers')}>
              ${list.map(
                (user) =>
                  html`<li part="blocked-user" class="request" data-user=${user.id}>
                    ${avatar(user.name, user.avatar)}<span class="room-name" dir="auto"
                      >${user.name}</span
                    >
                    <button
                      part="unblock"
                      class="link"
                      aria-label=${t('unblockName', { name: user.name })}
                      @click=${onUnblock(ctx, user.id)}
                    >
                      ${t('unblock')}
                    </button>
                  </li>`,
              )}
            </ul>`
    }
  </details>`;
}

/** Renders the friends section of the room list. */
export function renderFriends(ctx: FriendsPanelContext): TemplateResult {
  const { view, t } = ctx;
  const hosted = view.friendsManagedByHost;
  return html`<section part="friends" class="friends" aria-labelledby="friends-heading">
    <h3 class="section" id="friends-heading">${t('friends')}</h3>
    ${hosted ? nothing : requests(ctx)}
    ${requestList(
      'friend-list-heading',
      t('yourFriends'),
      [...view.friends.values()],
      (friend) =>
        html`<li part="friend" class="request">
          ${avatar(friend.name, friend.avatar)}<span class="room-name" dir="auto"
            >${friend.name}</span
          >
          ${hosted ? nothing : action(ctx, 'unfriend', friend.name, () => ctx.people.unfriend(friend.id))}
        </li>`,
    )}
    ${newGroupForm(ctx)} ${blockedList(ctx)}
  </section>`;
}

/** The add-a-friend form with its outcome and the pending requests both ways. */
function requests(ctx: FriendsPanelContext): TemplateResult {
  const { view, t } = ctx;
  const failed = view.addOutcome?.ok === false;
  return html`<form part="add-friend" class="join" @submit=${onAddFriend(ctx)}>
      <label for="add-friend-input" class="sr-only">${t('addFriendLabel')}</label>
      <input
        id="add-friend-input"
        part="add-friend-input"
        name="to"
        autocomplete="off"
        spellcheck="false"
        placeholder=${t('addFriendPlaceholder')}
        aria-invalid=${failed ? 'true' : 'false'}
        aria-describedby="add-friend-outcome"
      />
      <button part="add-friend-button" type="submit">${t('addFriend')}</button>
    </form>
    <p
      id="add-friend-outcome"
      part="add-friend-outcome"
      class=${failed ? 'field-error' : 'room-sub'}
      role="status"
    >
      ${outcome(view, t)}
    </p>
    ${requestList(
      'incoming-heading',
      t('incomingRequests'),
      view.incoming,
      (request) =>
        html`<li part="friend-request" class="request" data-request=${request.id}>
          <span class="room-name" dir="auto">${request.from.name}</span>
          <button
            part="accept"
            aria-label=${t('acceptFrom', { name: request.from.name })}
            @click=${() => ctx.onAccept(request.id)}
          >
            ${t('accept')}
          </button>
          ${action(ctx, 'decline', request.from.name, () => ctx.people.closeRequest(request.id))}
        </li>`,
    )}
    ${requestList(
      'outgoing-heading',
      t('outgoingRequests'),
      view.outgoing,
      (request) =>
        html`<li part="friend-request friend-request-outgoing" class="request">
          <span class="room-name" dir="auto">${request.to.name}</span>
          <span class="room-sub">${t('requestPending')}</span>
          ${action(ctx, 'cancelRequest', request.to.name, () => ctx.people.closeRequest(request.id))}
        </li>`,
    )}`;
}

/**
 * The rest of the conversation header: a ticker room's live quote and its member
 * and online counts, a group's member list (loaded when opened, with presence),
 * and the mute toggle.
 */
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ChatView } from '../chat-view.js';
import type { Translate } from '../i18n/index.js';
import type { People } from '../people.js';
import type { RoomState } from '../types.js';
import { avatar } from './message-item.js';
import { headerPrice } from './price.js';

/** The data and actions the header needs. */
export interface RoomHeaderContext {
  view: ChatView;
  t: Translate;
  locale: string;
  people: People;
}

function counts(ctx: RoomHeaderContext, state: RoomState): TemplateResult | typeof nothing {
  const { id, kind, memberCount } = state.summary;
  const { t } = ctx;
  if (kind === 'ticker')
    return html`${headerPrice(ctx.view.quotes.get(id.slice(1)), ctx.locale, t)}<span
        part="member-count"
        class="room-sub"
        >${t('roomCounts', { members: memberCount, online: state.online ?? 0 })}</span
      >`;
  if (kind === 'dm') return nothing;
  const members = ctx.view.members.get(id);
  const load = (event: Event) => {
    if ((event.currentTarget as HTMLDetailsElement).open) void ctx.people.members(id);
  };
  return html`<details part="members" class="room-sub" @toggle=${load}>
    <summary part="member-count">
      ${t('memberCount', { count: members?.length ?? memberCount })}
    </summary>
    <ul class="rooms">
      ${members?.map(
        (m) =>
          html`<li part="member" class="request">
            ${avatar(m.name, m.avatar)}<span
              part="presence presence-${m.status}"
              class="dot ${m.status}"
              aria-hidden="true"
            ></span
            >${m.name}<span class="sr-only"
              >${t(m.status === 'online' ? 'online' : 'offlinePresence')}</span
            >
          </li>`,
      )}
    </ul>
  </details>`;
}

/** Counts or members, then the mute toggle. */
export function roomHeader(ctx: RoomHeaderContext, state: RoomState): TemplateResult {
  const { id, muted } = state.summary;
  return html`${counts(ctx, state)}
    <button
      part="mute-toggle"
      class="link"
      aria-pressed=${muted ? 'true' : 'false'}
      @click=${() => void ctx.people.mute(id, !muted)}
    >
      ${ctx.t(muted ? 'unmuteRoom' : 'muteRoom')}
    </button>`;
}

/**
 * The preview a cashtag chip opens before joining its room: the room's name, its
 * live quote and member and online counts when the widget already has them (the
 * user is in the room), and a Join button (Open, for a room the user is in) that
 * joins and opens it through the element's `joinRoom`.
 * Escape or a click outside closes it and focus goes back to the chip. A popover
 * in the widget's shadow root, in a chunk loaded on the first chip activated.
 */
import { html, render } from 'lit';
import type { ChatView } from '../chat-view.js';
import type { StockChat } from '../stock-chat.js';
import { addEnglish } from '../i18n/index.js';
import type { Translate } from '../i18n/index.js';
import { enOnFirstUse } from '../i18n/en-on-first-use.js';
import { headerPrice } from './price.js';

addEnglish(enOnFirstUse);

/** What the card reads. */
export interface CashtagCardContext {
  view: ChatView;
  t: Translate;
  locale: string;
}

// Kept with the card, not in the first load's styles; colours come from the host's properties.
const STYLE = html`<style>
  .cashtag-card {
    inset: auto;
    margin: 0;
    max-width: min(280px, calc(100vw - 16px));
    padding: 10px 12px;
    border: 1px solid var(--stock-chat-border);
    border-radius: 8px;
    background: var(--stock-chat-bg);
    color: var(--stock-chat-fg);
    font: var(--stock-chat-font-size) / 1.4 var(--stock-chat-font-family);
    box-shadow: 0 4px 16px rgb(0 0 0 / 20%);
  }
  .cashtag-card h3 {
    margin: 0 0 4px;
    font-size: 15px;
  }
  .cashtag-card p {
    margin: 4px 0 8px;
    color: var(--stock-chat-muted);
  }
</style>`;

/** Opens the preview of `room` beside `chip`, replacing one already open. */
export function openCashtagCard(chip: HTMLElement, room: string, ctx: CashtagCardContext): void {
  const { view, t, locale } = ctx;
  const root = chip.getRootNode() as ShadowRoot;
  root.querySelector('.cashtag-card')?.remove();
  const state = view.rooms.get(room);
  const card = document.createElement('div');
  card.className = 'cashtag-card';
  card.popover = 'auto';
  card.setAttribute('part', 'cashtag-card');
  card.setAttribute('role', 'dialog');
  card.setAttribute('aria-labelledby', 'cashtag-card-title');
  let joining = false;
  const join = () => {
    joining = true;
    card.hidePopover();
    // The element's own joinRoom: it opens the room (and the launcher's panel).
    void (root.host as StockChat).joinRoom(room);
  };
  render(
    html`${STYLE}
      <h3 id="cashtag-card-title">${room}</h3>
      ${headerPrice(view.quotes.get(room.slice(1)), locale, t)}
      <p>
        ${
          state
            ? t('roomCounts', { members: state.summary.memberCount, online: state.online ?? 0 })
            : t('notJoinedYet')
        }
      </p>
      <button part="cashtag-join" @click=${join}>
        ${state ? t('openRoom', { room }) : t('join')}
      </button>`,
    card,
  );
  // The launcher panel closes on Escape too: this one is the card's alone.
  card.addEventListener('keydown', (e) => e.key === 'Escape' && e.stopPropagation());
  card.addEventListener('toggle', (event) => {
    if ((event as ToggleEvent).newState !== 'closed') return;
    card.remove();
    // Back on the chip, unless the click that closed it put focus somewhere else.
    const focus = root.activeElement;
    if (!joining && chip.isConnected && (!focus || card.contains(focus))) chip.focus();
  });
  root.append(card);
  card.showPopover();
  // Below the chip, or above it when the viewport ends first; inside the viewport's width.
  const at = chip.getBoundingClientRect();
  const { width, height } = card.getBoundingClientRect();
  const below = at.bottom + 4 + height <= innerHeight;
  card.style.top = `${Math.max(4, below ? at.bottom + 4 : at.top - 4 - height)}px`;
  card.style.left = `${Math.max(4, Math.min(at.left, innerWidth - width - 4))}px`;
  card.querySelector('button')!.focus();
}

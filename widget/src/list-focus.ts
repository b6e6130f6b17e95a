/**
 * Keyboard focus in the message list, loaded the first time focus enters the list
 * (until then the list itself is its tab stop). The list is one tab stop: one
 * message holds `tabindex="0"` (the one focused last, else the newest drawn) and
 * the others `-1`, as do the controls inside them. ArrowUp/ArrowDown move between messages, Home/End
 * go to the first and last drawn, ArrowRight/ArrowLeft walk the focused message's
 * controls, and the context-menu key or Shift+F10 opens its actions; Escape closes
 * an open menu step (and only it, not the launcher's panel around the list). When a menu
 * step opens, focus goes into it; when it closes, back to the control that opened
 * it (or the message, when that control is gone). A row the window re-uses for
 * another message gives focus back to the message it had, when that is still drawn.
 */
import type { ChatView } from './chat-view.js';

const MESSAGE = 'li.message';
const PANEL = '.menu';

/** What `ListFocus` needs from the element. */
export interface ListFocusDeps {
  readonly view: ChatView;
  root(): ShadowRoot;
  /** Closes the open message menu. */
  closeMenu(): void;
}

export class ListFocus {
  /** The client id of the message focused last: the list's tab stop (else the newest drawn). */
  private key = '';
  /** The element focused last inside the list. */
  private last: HTMLElement | null = null;
  /** The open menu step, as `room seq mode`, when `after` last ran. */
  private menu = '';
  /** The message whose menu step should take focus once it is drawn (it may load first). */
  private into = '';
  /** The message below "Load older" while that button, focused, is disabled. */
  private older: string | null = null;

  constructor(private readonly deps: ListFocusDeps) {}

  private get list(): HTMLElement | null {
    return this.deps.root().querySelector<HTMLElement>('ol.messages');
  }

  private rows(): HTMLElement[] {
    return [...(this.list?.querySelectorAll<HTMLElement>(MESSAGE) ?? [])];
  }

  private row(seqOrKey: string, by = 'client-id'): HTMLElement | undefined {
    return this.rows().find((li) => li.getAttribute(`data-${by}`) === seqOrKey);
  }

  /** `focusin` on the list: the focused message becomes the tab stop. */
  onFocusin = (event: Pick<Event, 'target'>): void => {
    const target = event.target as HTMLElement;
    this.last = target;
    const li = target.closest<HTMLElement>(MESSAGE);
    if (!li) return;
    this.key = li.dataset.clientId ?? '';
    this.stop(li);
  };

  /** `keydown` on the list. */
  onKeydown = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement;
    const li = target.closest<HTMLElement>(MESSAGE);
    const { key } = event;
    if (target === this.list) return this.after();
    // The innermost popup first: a message's menu closes, the panel around it stays.
    if (key === 'Escape' && this.deps.view.menu) {
      event.stopPropagation();
      this.deps.closeMenu();
    } else if (!li || target.closest(PANEL)) return;
    else if (key === 'ContextMenu' || (key === 'F10' && event.shiftKey)) {
      li.querySelector<HTMLElement>('[part~="message-actions-toggle"]')?.click();
    } else if (target === li && ['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key)) {
      const rows = this.rows();
      const at = rows.indexOf(li);
      const to =
        key === 'Home' ? 0 : key === 'End' ? rows.length - 1 : at + (key === 'ArrowUp' ? -1 : 1);
      rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
    } else if (key === 'ArrowRight' || key === 'ArrowLeft') {
      const controls = [li, ...this.controls(li)];
      const at = controls.indexOf(target) + (key === 'ArrowRight' ? 1 : -1);
      controls[Math.max(0, Math.min(controls.length - 1, at))]?.focus();
    } else return;
    event.preventDefault();
  };

  /** A message's own controls (reply, react, actions, chips, links), not its open menu's. */
  private controls(li: HTMLElement): HTMLElement[] {
    return [...li.querySelectorAll<HTMLElement>('button, a')].filter((c) => !c.closest(PANEL));
  }

  /** Makes `li` the list's one tab stop. */
  private stop(li: HTMLElement): void {
    for (const row of this.rows()) {
      const index = row === li ? 0 : -1;
      if (row.tabIndex !== index) row.tabIndex = index;
    }
  }

  /** After each render: keep one tab stop, and move focus the render took or a menu asks for. */
  after(): void {
    const rows = this.rows();
    if (rows.length === 0) return;
    const { view } = this.deps;
    const focused = this.deps.root().activeElement as HTMLElement | null;
    const list = this.list!;
    // The list was the tab stop until this module arrived: now a message is.
    list.tabIndex = -1;
    if (focused && list.contains(focused)) this.last ??= focused;
    const last = this.last;
    // Focus is in the list, or the list had it and a render removed the element that had it.
    const inList = focused ? list.contains(focused) : last !== null && !last.isConnected;
    const menu = view.menu;
    const now = menu ? `${menu.room} ${menu.seq} ${menu.mode}` : '';
    let target: HTMLElement | null | undefined;
    if (now !== this.menu) {
      const [, seq, mode] = this.menu.split(' ');
      this.menu = now;
      if (menu) this.into = String(menu.seq);
      else if (inList && seq) {
        const li = this.row(seq, 'seq');
        const opener = mode === 'react' ? 'react-button' : 'message-actions-toggle';
        target = li?.querySelector<HTMLElement>(`[part~="${opener}"]`) ?? li;
      }
    }
    if (this.into && inList) {
      target = this.row(this.into, 'seq')?.querySelector<HTMLElement>(
        `${PANEL} textarea, ${PANEL} button`,
      );
      if (target) this.into = '';
    }
    // A focused button disabled while it works ("Load older") loses focus (Chromium lets
    // go of it a moment later): it gets focus back when it is enabled again, or the
    // message below it when it is gone.
    const disabled =
      (!focused || focused === last) && last?.isConnected && last.matches(':disabled');
    if (disabled) this.older ??= rows[0].dataset.clientId ?? '';
    else if (this.older !== null) {
      if (!focused) target ??= last?.isConnected ? last : this.row(this.older);
      this.older = null;
    }
    const held = this.row(this.key);
    // The window re-used the focused row for another message: focus follows the message.
    if (!target && focused?.matches(MESSAGE) && focused !== held) target = held;
    if (!target && inList && (!focused || focused === list)) target = held ?? rows[rows.length - 1];
    this.stop(
      target?.closest<HTMLElement>(MESSAGE) ??
        focused?.closest<HTMLElement>(MESSAGE) ??
        held ??
        rows[rows.length - 1],
    );
    if (!target) return;
    target.focus({ preventScroll: true });
    if (target instanceof HTMLTextAreaElement) target.selectionStart = target.value.length;
  }
}

/**
 * The open room's message list as the reader moves through it. Only the rows
 * near the viewport are drawn (`ListWindow`); the list follows the newest message
 * while the reader is there, and otherwise keeps the row they look at in place
 * whatever is added, dropped or measured above it. A room with unread messages
 * opens at the first of them, the unread divider near the top. Away from the
 * newest it offers to jump there, counting what is unread below ("N new
 * messages"); scrolling to either end pages history in, and a quote jumps to its
 * message, fetched if not held.
 * The element calls `before` in `willUpdate`, `window` while rendering the list
 * and `after` in `updated`; the list is redrawn only when `version` moved.
 */
import type { RoomId } from '../../protocol/wire.js';
import type { ChatView } from './chat-view.js';
import { ListWindow, rowsIn } from './list-window.js';
import { openRoomState } from './rooms.js';

/** Closer than this (px) to the bottom counts as reading the newest message. */
const AT_BOTTOM = 40;
/** Closer than this (px) to the top pages older history in. */
const AT_TOP = 48;
/** The gap between rows (`.messages { gap }`), counted into each row's height. */
const GAP = 8;
/** How far (px) below the top of the view a room opens its unread divider: the last read message peeks in. */
const DIVIDER_AT = 32;

/** What `ListScroll` needs from the element and the session. */
export interface ListScrollDeps {
  readonly view: ChatView;
  /** The element's render root, where the list is drawn. */
  root(): ParentNode;
  /** Resolves once the element has drawn what changed. */
  drawn(): Promise<unknown>;
  /** Re-renders the element. */
  update(): void;
  /** Loads the page of a room's history before the oldest message held. */
  loadOlder(room: RoomId): Promise<void>;
  /** Loads the page after the newest message held (when newer ones are not held). */
  loadNewer(room: RoomId): Promise<void>;
  /** Makes message `seq` held (the newest page without it), fetching around it if needed. */
  reveal(room: RoomId, seq?: number): Promise<void>;
  /** Marks a room read, wherever the reader is. */
  markRead(room: RoomId): void;
  /** Tells the session where the reader is (0: at the newest: it reads the room). */
  viewAt(room: RoomId, seq: number): void;
}

/**
 * Where the list should be after the next draw: at the newest, a row at `delta` px
 * below the top of the view (or centred for a jump), or, when the view is over a
 * spacer (a fast scroll, a drag of the scrollbar), at scroll offset `top`.
 */
type Place = { follow: true } | { key: string; delta: number; jump?: boolean } | { top: number };

/** The rows to draw and the room the spacers stand in for. */
export interface ListSlice {
  start: number;
  end: number;
  above: number;
  below: number;
}

export class ListScroll {
  private count = 0;
  /** Bumped whenever the list must be redrawn; the element guards the list on it. */
  version = 0;
  private drawnRevision = -1;
  private requested = false;
  private room: string | null = null;
  private place: Place = { follow: true };
  /** Set when an action (a jump, "new messages") chose the place: the scroll position did not. */
  private placed = false;
  private wasAtBottom = true;
  /** The room just opened: where it opens waits for its first page. */
  private opening = false;
  private drew = false;
  private rows: [number, number] = [0, 0];
  private offsets: number[] = [0];
  /** The room's last seq when it was last drawn (the state is already newer in `before`). */
  private shownSeq = 0;
  private readonly geometry = new ListWindow();
  private resize: ResizeObserver | null = null;

  constructor(private readonly deps: ListScrollDeps) {}

  /** Unread messages below the view: the room's when it opened there, and those since. */
  get newCount(): number {
    return this.count;
  }

  /** Whether the reader is away from the newest message (scrolled up, or opened at the unread). */
  get away(): boolean {
    return !('follow' in this.place);
  }

  /** Before a render: whether the list must be redrawn, and where the reader is now. */
  before(): void {
    const { view } = this.deps;
    const room = view.activeRoom;
    const stale = this.requested || view.revision !== this.drawnRevision || room !== this.room;
    this.drew = false;
    if (!stale) return;
    this.requested = false;
    this.drawnRevision = view.revision;
    this.version += 1;
    const list = this.list();
    if (room !== this.room) {
      this.room = room;
      this.wasAtBottom = true;
      this.place = { follow: true };
      this.opening = true;
      if (this.count) this.count = 0;
    } else if (list && !this.placed && !this.opening) {
      this.wasAtBottom = atBottom(list);
      this.capture(list);
    }
  }

  /** While rendering: the rows to draw of the list's `keys`. */
  window(keys: readonly string[]): ListSlice {
    this.drew = true;
    const state = openRoomState(this.deps.view);
    if (this.opening && state?.loaded && !state.loadingOlder) {
      // Its first page is here: at the unread divider if there is one, else at the newest.
      this.opening = false;
      if (keys.includes('~unread')) {
        this.place = { key: '~unread', delta: DIVIDER_AT };
        this.count = state.summary.unread;
      }
    }
    const list = this.list();
    const height = list?.clientHeight || 600;
    this.offsets = this.geometry.offsets(keys);
    const offsets = this.offsets;
    const total = offsets[offsets.length - 1];
    const place = this.place;
    let top = list?.scrollTop ?? 0;
    if ('follow' in place) top = total - height;
    else if ('top' in place) top = place.top;
    else {
      const at = keys.indexOf(place.key);
      if (at !== -1) top = place.jump ? offsets[at] - height / 2 : offsets[at] - place.delta;
    }
    this.rows = rowsIn(offsets, top - height, top + 2 * height);
    const [start, end] = this.rows;
    return { start, end, above: offsets[start], below: total - offsets[end] };
  }

  /** After a render: puts the reader back in place, counts what arrived out of sight. */
  after(): void {
    const list = this.list();
    const state = openRoomState(this.deps.view);
    if (!this.drew || !list || !state) return;
    if (!this.wasAtBottom) this.countNew();
    this.shownSeq = state.summary.lastSeq;
    const place = this.place;
    if ('follow' in place) list.scrollTop = list.scrollHeight;
    else if ('top' in place) list.scrollTop = place.top;
    else {
      const row = this.rowOf(place.key);
      if (row && place.jump) {
        row.scrollIntoView({ block: 'center' });
        row.focus({ preventScroll: true });
        this.capture(list);
      } else if (row) list.scrollTop = row.offsetTop - place.delta;
    }
    this.placed = false;
    this.observe();
    if (this.opening) return;
    if (this.away && atBottom(list) && !state.hasNewer) {
      // What is below the place fits in the view (a short unread part): that is the newest.
      this.place = { follow: true };
      this.deps.update();
    }
    this.deps.viewAt(state.summary.id, this.away ? this.seqAt(list) : 0);
  }

  /** The jump-to-latest ("N new messages") button: to the newest message (fetched if not held). */
  async showNewest(): Promise<void> {
    const room = this.deps.view.activeRoom;
    if (room) await this.deps.reveal(room);
    this.place = { follow: true };
    this.placed = true;
    this.setCount(0);
    this.redraw();
  }

  /** The reader scrolled: redraws near the drawn rows' edges; at either end, pages more in. */
  scrolled(list: HTMLElement): void {
    const room = this.deps.view.activeRoom;
    const state = openRoomState(this.deps.view);
    if (!room || !state || this.opening) return;
    const bottom = atBottom(list);
    if (this.count && bottom) this.setCount(0);
    if (list.scrollTop < AT_TOP) void this.deps.loadOlder(room);
    if (bottom && state.hasNewer) void this.deps.loadNewer(room);
    const away = this.away;
    this.capture(list);
    // The jump and "mark as read" buttons come and go with it: no row changes.
    if (away !== this.away) this.deps.update();
    this.deps.viewAt(room, this.away ? this.seqAt(list) : 0);
    // Redraw before the reader reaches the end of the drawn rows (half a screen ahead).
    const drawn = this.drawnRows();
    const first = drawn[0];
    const last = drawn[drawn.length - 1];
    const [start, end] = this.rows;
    const half = list.clientHeight / 2;
    if (
      (start > 0 && first && list.scrollTop < first.offsetTop + half) ||
      (end < this.offsets.length - 1 &&
        last &&
        list.scrollTop + list.clientHeight > last.offsetTop + last.offsetHeight - half)
    ) {
      this.redraw();
    }
  }

  /** The "Mark as read" button: the room is read, the view stays. */
  markRead(): void {
    const room = this.deps.view.activeRoom;
    if (room) this.deps.markRead(room);
    this.setCount(0);
  }

  /** Shows message `seq` of the open room, fetching the history around it if it is not held. */
  async jumpTo(seq: number): Promise<void> {
    const room = this.deps.view.activeRoom;
    if (!room) return;
    await this.deps.reveal(room, seq);
    const message = openRoomState(this.deps.view)?.messages.find((m) => m.seq === seq);
    if (!message || this.deps.view.activeRoom !== room) return;
    this.place = { key: message.clientId, delta: 0, jump: true };
    this.placed = true;
    this.redraw();
    await this.deps.drawn();
  }

  /** Redraws the list's rows at the next render (e.g. a part of a row arrived by itself). */
  redraw(): void {
    this.requested = true;
    this.deps.update();
  }

  private list(): HTMLElement | null {
    return this.deps.root().querySelector<HTMLElement>('.messages');
  }

  /** The drawn rows, oldest first. */
  private drawnRows(): HTMLElement[] {
    return [
      ...(this.list()?.querySelectorAll<HTMLElement>(':scope > [data-k], :scope > .message') ?? []),
    ];
  }

  private rowOf(key: string | undefined): HTMLElement | undefined {
    return key === undefined ? undefined : this.drawnRows().find((row) => keyOf(row) === key);
  }

  /** Remembers the reader's place: at the newest, or the first row in view and its offset. */
  private capture(list: HTMLElement): void {
    const state = openRoomState(this.deps.view);
    if (atBottom(list) && !state?.hasNewer) {
      this.place = { follow: true };
      return;
    }
    const top = list.scrollTop;
    // A message, never a separator: a day's separator goes when older history of that day comes.
    const row = this.drawnRows().find(
      (r) => r.classList.contains('message') && r.offsetTop + r.offsetHeight > top,
    );
    this.place =
      row && row.offsetTop < top + list.clientHeight
        ? { key: keyOf(row), delta: row.offsetTop - top }
        : { top };
  }

  /** The seq of the first message in view. */
  private seqAt(list: HTMLElement): number {
    const row = this.drawnRows().find(
      (r) => r.offsetTop + r.offsetHeight > list.scrollTop && Number(r.dataset.seq) > 0,
    );
    return Number(row?.dataset.seq ?? 0);
  }

  /** Measures the drawn rows now and whenever their size changes (wrapping, images, width). */
  private observe(): void {
    this.resize ??= new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const row = entry.target as HTMLElement;
        const height = entry.borderBoxSize[0]?.blockSize ?? row.offsetHeight;
        if (row.isConnected && this.geometry.measure(keyOf(row), height + GAP)) changed = true;
      }
      // In the next frame: a redraw inside the observer's callback would be a resize loop.
      if (changed) requestAnimationFrame(() => this.redraw());
    });
    this.resize.disconnect();
    for (const row of this.drawnRows()) this.resize.observe(row);
  }

  /** Adds others' messages that arrived since the last draw. */
  private countNew(): void {
    const state = openRoomState(this.deps.view);
    if (!state) return;
    const me = this.deps.view.me?.id;
    const since = this.shownSeq;
    if (!since) return;
    const added = state.hasNewer
      ? state.summary.lastSeq - since
      : state.messages.filter((m) => m.seq > since && m.sender.id !== me).length;
    if (added > 0) this.count += added;
  }

  private setCount(count: number): void {
    if (count === this.count) return;
    this.count = count;
    this.redraw();
  }
}

function keyOf(row: HTMLElement): string {
  return row.dataset.k ?? row.dataset.clientId ?? '';
}

function atBottom(list: HTMLElement): boolean {
  return list.scrollHeight - list.scrollTop - list.clientHeight < AT_BOTTOM;
}

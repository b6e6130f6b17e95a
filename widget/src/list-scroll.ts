/**
 * The open room's message list as the reader moves through it: it stays at the
 * newest message while they are there and in place when older history is
 * prepended above; while they are scrolled up it counts the others' messages
 * that arrive ("N new messages"); scrolling to the top pages older history in,
 * and a quote jumps to its message, paging until it is there. The element calls
 * `before` in `willUpdate` and `after` in `updated`; each change of the count
 * asks it to re-render.
 */
import type { RoomId } from '../../server/protocol.js';
import type { ChatView } from './chat-view.js';
import { openRoomState } from './rooms.js';

/** Closer than this (px) to the bottom counts as reading the newest message. */
const AT_BOTTOM = 40;

/** What `ListScroll` needs from the element and the session. */
export interface ListScrollDeps {
  readonly view: ChatView;
  /** The element's render root, where the list is drawn. */
  root(): ParentNode;
  /** Resolves once the element has drawn what changed. */
  drawn(): Promise<unknown>;
  /** Re-renders the element (the count changed). */
  update(): void;
  /** Loads the page of a room's history before the oldest message held. */
  loadOlder(room: RoomId): Promise<void>;
}

export class ListScroll {
  private count = 0;
  private memo: {
    room: string | null;
    height: number;
    top: number;
    atBottom: boolean;
    lastSeq: number;
  } | null = null;
  /** The room's last seq when it was last drawn (the state is already newer in `before`). */
  private shownSeq = 0;

  constructor(private readonly deps: ListScrollDeps) {}

  /** Messages that arrived in the open room while its list was scrolled up. */
  get newCount(): number {
    return this.count;
  }

  /** Before a render: where the list is now. */
  before(): void {
    const list = this.list();
    this.memo = list
      ? {
          room: this.deps.view.activeRoom,
          height: list.scrollHeight,
          top: list.scrollTop,
          atBottom: atBottom(list),
          lastSeq: this.shownSeq,
        }
      : null;
  }

  /** After a render: counts what arrived out of sight, or follows the bottom, or holds the view. */
  after(): void {
    const list = this.list();
    const memo = this.memo;
    const room = this.deps.view.activeRoom;
    if (list) {
      if (memo && memo.room === room && !memo.atBottom) this.countNew(memo.lastSeq);
      if (!memo || memo.room !== room || memo.atBottom) {
        if (memo?.room !== room && this.count) this.setCount(0);
        list.scrollTop = list.scrollHeight;
      } else if (list.scrollHeight !== memo.height && memo.top < 60) {
        // Older history was prepended: keep the message that was in view in place.
        list.scrollTop = list.scrollHeight - memo.height + memo.top;
      }
    }
    this.shownSeq = openRoomState(this.deps.view)?.summary.lastSeq ?? 0;
  }

  /** The "N new messages" button: to the newest message. */
  showNewest(): void {
    const list = this.list();
    if (list) list.scrollTop = list.scrollHeight;
    this.setCount(0);
  }

  /** The reader scrolled: back at the bottom nothing is new any more; near the top, older pages. */
  scrolled(list: HTMLElement): void {
    if (this.count && atBottom(list)) this.setCount(0);
    const room = this.deps.view.activeRoom;
    if (list.scrollTop < 48 && room) void this.deps.loadOlder(room);
  }

  /** Shows message `seq` of the open room, loading older pages until it is there. */
  async jumpTo(seq: number): Promise<void> {
    const room = this.deps.view.activeRoom;
    const find = () => this.deps.root().querySelector<HTMLElement>(`.message[data-seq="${seq}"]`);
    for (let page = 0; room && !find() && page < 50; page += 1) {
      const state = openRoomState(this.deps.view);
      if (!state?.hasMore) break;
      await this.deps.loadOlder(room);
      await this.deps.drawn();
    }
    const target = find();
    target?.scrollIntoView({ block: 'center' });
    target?.focus({ preventScroll: true });
  }

  private list(): HTMLElement | null {
    return this.deps.root().querySelector<HTMLElement>('.messages');
  }

  /** Adds others' messages that arrived after `since`. */
  private countNew(since: number): void {
    const me = this.deps.view.me?.id;
    const added = openRoomState(this.deps.view)?.messages.filter(
      (m) => m.seq > since && m.sender.id !== me,
    );
    if (added?.length) this.setCount(this.count + added.length);
  }

  private setCount(count: number): void {
    if (count === this.count) return;
    this.count = count;
    this.deps.update();
  }
}

function atBottom(list: HTMLElement): boolean {
  return list.scrollHeight - list.scrollTop - list.clientHeight < AT_BOTTOM;
}

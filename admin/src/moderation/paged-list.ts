import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Paged } from '../../../protocol/admin.js';

/** Fetches one page of a list; `cursor` is the previous page's `nextCursor` (null: the first). */
export type PageLoader<T> = (cursor: string | null) => Promise<Paged<T>>;

/**
 * A list the server pages: the items so far, whether there are more, and the
 * last error, for a view to render. `reload()` starts again from the first
 * page, `more()` appends the next one; each asks its host to re-render.
 * Answers that arrive after a newer `reload()` are dropped.
 */
export class PagedList<T> implements ReactiveController {
  items: T[] = [];
  next: string | null = null;
  error = '';
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly loadPage: PageLoader<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.reload();
  }

  get hasMore(): boolean {
    return this.next !== null;
  }

  reload(): Promise<void> {
    return this.fetch(null, true);
  }

  more(): Promise<void> {
    return this.next === null ? Promise.resolve() : this.fetch(this.next, false);
  }

  /** Drops items locally (e.g. once acted on), without a round trip. */
  remove(gone: (item: T) => boolean): void {
    this.items = this.items.filter((item) => !gone(item));
    this.host.requestUpdate();
  }

  /** Shows an error that happened outside loading (an action on an item). */
  fail(err: unknown): void {
    this.error = err instanceof Error ? err.message : String(err);
    this.host.requestUpdate();
  }

  private async fetch(cursor: string | null, reset: boolean): Promise<void> {
    const generation = reset ? ++this.generation : this.generation;
    try {
      const page = await this.loadPage(cursor);
      if (generation !== this.generation) return;
      this.items = reset ? page.items : [...this.items, ...page.items];
      this.next = page.nextCursor;
      this.error = '';
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = err instanceof Error ? err.message : String(err);
    }
    this.host.requestUpdate();
  }
}

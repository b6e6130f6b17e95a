/**
 * Work still under way that a shutdown waits for: acknowledged events whose acks
 * must go out, presence announcements, events published later, store appends.
 * Each promise is followed until it settles; a rejection is the owner's to handle.
 */
export class PendingWork {
  private readonly pending = new Set<Promise<unknown>>();

  get size(): number {
    return this.pending.size;
  }

  /** Follows `work` until it settles; returns it unchanged. */
  add<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }

  /** Resolves once nothing is pending, including work added while waiting. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Resolves true once nothing is pending, or false when `timeoutMs` passes first. */
  async settled(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(resolve, timeoutMs, false)));
    try {
      return await Promise.race([this.idle().then(() => true), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

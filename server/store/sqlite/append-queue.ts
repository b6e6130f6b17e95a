interface Pending<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: appends that arrive within one turn of the event loop are written
 * in one transaction, so a burst of messages costs one fsync instead of one each.
 * When a batch fails, its items are retried alone so one bad item fails alone.
 */
export class AppendQueue<I, O> {
  private queue: Pending<I, O>[] = [];
  private scheduled = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};

  constructor(private readonly write: (batch: I[]) => O[]) {}

  push(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        this.idle = new Promise((done) => (this.markIdle = done));
        setImmediate(() => this.flush());
      }
    });
  }

  /** Resolves once everything queued so far is written. */
  drain(): Promise<void> {
    return this.scheduled ? this.idle : Promise.resolve();
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    try {
      const outputs = this.write(batch.map((p) => p.input));
      batch.forEach((p, i) => p.resolve(outputs[i]!));
    } catch {
      for (const p of batch) {
        try {
          p.resolve(this.write([p.input])[0]!);
        } catch (err) {
          p.reject(err);
        }
      }
    }
    this.markIdle();
  }
}

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type {
  ClientSpec,
  ConnectReply,
  FloodReply,
  QueryReply,
  QuerySpec,
  QuotesReply,
  RecoveryReply,
  StatsReply,
  StatusReply,
  WorkerReply,
  WorkerRequest,
} from './protocol.js';
import { applyNice, Histogram } from './stats.js';

type Request = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

class Worker {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();
  readonly child: ChildProcess;

  constructor() {
    this.child = fork(path.join(import.meta.dirname, 'load-worker.ts'), [], {
      // BENCH_WORKER_FLAGS passes node flags (e.g. --cpu-prof, --trace-gc) to the load generators.
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    applyNice(this.child.pid);
    this.child.on('message', (reply: WorkerReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  request<T extends WorkerReply>(request: Request, timeoutMs = 300_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`load worker did not answer ${request.type} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.type === 'error') reject(new Error(`load worker: ${reply.message}`));
        else resolve(reply as T);
      });
      this.child.send({ ...request, id });
    });
  }
}

/** Merged connection results of every worker. */
export interface ConnectResult {
  ok: number;
  failed: number;
  errors: string[];
  connectMs: Histogram;
  elapsedMs: number;
  joinedByRoom: Record<string, number>;
}

/** Merged results of one load step. */
export interface StepStats {
  sent: number;
  acked: number;
  ackErrors: number;
  ackErrorSample: string[];
  expected: number;
  received: number;
  latency: Histogram;
  ackLatency: Histogram;
  /** Worst event-loop delay p99 / max over the load workers, ms. */
  loadLoopDelayP99Ms: number;
  loadLoopDelayMaxMs: number;
  /** Worst latency per 250 ms of the step, over every receiver. */
  worstBySlot: number[];
  /** Bench messages of another step that arrived meanwhile (late or misrouted). */
  stale: number;
}

/**
 * A set of load-worker processes that together hold the benchmark's clients,
 * spread round-robin so no process nears the open-files limit.
 */
export class LoadPool {
  private readonly workers: Worker[];
  private joinedByRoom: Record<string, number> = {};

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => new Worker());
  }

  get pids(): number[] {
    return this.workers.map((w) => w.child.pid ?? 0);
  }

  async connect(
    url: string,
    secret: string,
    clients: ClientSpec[],
    concurrency = 50,
  ): Promise<ConnectResult> {
    const shares = this.workers.map((): ClientSpec[] => []);
    clients.forEach((c, i) => shares[i % shares.length].push(c));
    const started = performance.now();
    const replies = await Promise.all(
      this.workers.map((w, i) =>
        w.request<ConnectReply & { id: number }>({
          type: 'connect',
          url,
          secret,
          clients: shares[i],
          concurrency,
        }),
      ),
    );
    const result: ConnectResult = {
      ok: 0,
      failed: 0,
      errors: [],
      connectMs: new Histogram(),
      elapsedMs: performance.now() - started,
      joinedByRoom: {},
    };
    for (const r of replies) {
      result.ok += r.ok;
      result.failed += r.failed;
      result.errors.push(...r.errors);
      result.connectMs.merge(r.connectMs);
      for (const [room, n] of Object.entries(r.joinedByRoom)) {
        result.joinedByRoom[room] = (result.joinedByRoom[room] ?? 0) + n;
      }
    }
    this.joinedByRoom = result.joinedByRoom;
    return result;
  }

  /** Runs the senders for `durationMs`; resolves when every worker has sent its share. */
  async step(step: number, ratePerSender: number, durationMs: number): Promise<void> {
    await Promise.all(
      this.workers.map((w) => w.request({ type: 'step', step, ratePerSender, durationMs })),
    );
  }

  /** Sums what every worker sent and received in the current step. */
  async collect(step: number): Promise<StepStats> {
    const replies = await Promise.all(
      this.workers.map((w) => w.request<StatsReply & { id: number }>({ type: 'collect', step })),
    );
    const sentByRoom: Record<string, number> = {};
    const stats: StepStats = {
      sent: 0,
      acked: 0,
      ackErrors: 0,
      ackErrorSample: [],
      expected: 0,
      received: 0,
      latency: new Histogram(),
      ackLatency: new Histogram(),
      loadLoopDelayP99Ms: 0,
      loadLoopDelayMaxMs: 0,
      worstBySlot: [],
      stale: 0,
    };
    for (const r of replies) {
      for (const [room, n] of Object.entries(r.sentByRoom))
        sentByRoom[room] = (sentByRoom[room] ?? 0) + n;
      for (const n of Object.values(r.receivedByRoom)) stats.received += n;
      stats.acked += r.acked;
      stats.ackErrors += r.ackErrors;
      stats.ackErrorSample.push(...r.ackErrorSample);
      stats.latency.merge(r.latency);
      stats.ackLatency.merge(r.ackLatency);
      stats.stale += r.stale;
      stats.loadLoopDelayP99Ms = Math.max(stats.loadLoopDelayP99Ms, r.loopDelayP99Ms);
      stats.loadLoopDelayMaxMs = Math.max(stats.loadLoopDelayMaxMs, r.loopDelayMaxMs);
      r.worstBySlot.forEach(
        (v, i) => (stats.worstBySlot[i] = Math.max(stats.worstBySlot[i] ?? 0, v)),
      );
    }
    for (const [room, n] of Object.entries(sentByRoom)) {
      stats.sent += n;
      stats.expected += n * (this.joinedByRoom[room] ?? 0);
    }
    return stats;
  }

  async status(): Promise<{
    connected: number;
    disconnects: number;
    reasons: Record<string, number>;
  }> {
    const replies = await Promise.all(
      this.workers.map((w) => w.request<StatusReply & { id: number }>({ type: 'status' })),
    );
    const reasons: Record<string, number> = {};
    let connected = 0;
    let disconnects = 0;
    for (const r of replies) {
      connected += r.connected;
      disconnects += r.disconnects;
      for (const [k, n] of Object.entries(r.reasons)) reasons[k] = (reasons[k] ?? 0) + n;
    }
    return { connected, disconnects, reasons };
  }

  /** Reconnect-storm progress over every worker, measured from `since` (wall clock, ms). */
  async recovery(since: number): Promise<{
    connected: number;
    resynced: number;
    failures: number;
    errors: string[];
    resyncMs: Histogram;
  }> {
    const replies = await Promise.all(
      this.workers.map((w) =>
        w.request<RecoveryReply & { id: number }>({ type: 'recovery', since }, 30_000),
      ),
    );
    const out = {
      connected: 0,
      resynced: 0,
      failures: 0,
      errors: [] as string[],
      resyncMs: new Histogram(),
    };
    for (const r of replies) {
      out.connected += r.connected;
      out.resynced += r.resynced;
      out.failures += r.failures;
      out.errors.push(...r.errorSample);
      out.resyncMs.merge(r.resyncMs);
    }
    return out;
  }

  /** An abuse flood from the first worker's first client. */
  async flood(kind: 'join' | 'typing', room: string): Promise<FloodReply> {
    return this.workers[0].request<FloodReply & { id: number }>({ type: 'flood', kind, room });
  }

  /** Live quotes over every worker: how soon each subscribed client caught up with each round. */
  async quotes(
    rounds: number[],
  ): Promise<{ pairs: number; missing: number; received: number; latency: Histogram }> {
    const replies = await Promise.all(
      this.workers.map((w) => w.request<QuotesReply & { id: number }>({ type: 'quotes', rounds })),
    );
    const out = { pairs: 0, missing: 0, received: 0, latency: new Histogram() };
    for (const r of replies) {
      out.pairs += r.pairs;
      out.missing += r.missing;
      out.received += r.received;
      out.latency.merge(r.latency);
    }
    return out;
  }

  /** Times queries from the first worker's first client. */
  async query(queries: QuerySpec[], repeat: number): Promise<QueryReply['results']> {
    const reply = await this.workers[0].request<QueryReply & { id: number }>({
      type: 'query',
      queries,
      repeat,
    });
    return reply.results;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        try {
          await w.request({ type: 'close' }, 10_000);
        } catch {
          // The worker is going away anyway.
        }
        w.child.disconnect();
      }),
    );
  }
}

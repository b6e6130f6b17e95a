/**
 * Live quotes (issue 12): `quoteClients` clients in `quoteRooms` ticker rooms while
 * the host pushes `quoteSymbols` symbols once a second through
 * `POST /api/server/quotes` (calls of 1,000 sent together; the rooms' symbols are
 * among them, the rest have no subscriber), and the fan-out workload runs on the
 * same clients at the same time. Both servers run side by side; the reference
 * takes the same pushes with no key, validation or coalescing. Measured runs
 * alternate between them, as the fan-out's do.
 */
import { ApiKeys } from '../server/domain/api-keys.js';
import type { Quote } from '../protocol/wire.js';
import { openStore } from '../server/store/index.js';
import { logStep, median, ownPids, type FanoutTarget } from './fanout.js';
import {
  letters,
  roomName,
  runStep,
  setupFanout,
  waitForQuiet,
  type StepResult,
} from './fanout-step.js';
import type { BenchOptions } from './options.js';
import { now } from './protocol.js';
import { startServer, type ServerHandle } from './servers.js';
import { Histogram, sleep, type LatencySummary } from './stats.js';

/** What the pusher did in one run. */
export interface QuotePushStats {
  rounds: number;
  calls: number;
  failed: number;
  errors: string[];
  callMs: LatencySummary;
  /** Symbols pushed per second over the run (2,000 when every round kept its second). */
  symbolsPerSec: number;
}

/** One measured run: the fan-out step and the quotes pushed during it. */
export interface QuoteRun {
  fanout: StepResult;
  push: QuotePushStats;
  /** (subscribed client, round) pairs, and those whose round the client never caught up with. */
  pairs: number;
  missing: number;
  /** `quote` events the clients received. */
  received: number;
  /** Round `ts` until the client held a quote at least that new, over the pairs not missing. */
  latency: LatencySummary;
  /** p99 over every pair, a missing one counted as never: Infinity when more than 1% are missing. */
  p99Ms: number;
}

export interface QuotesResult {
  runs: QuoteRun[];
  /** The run with the median fan-out p99. */
  median: QuoteRun;
}

export type QuotesResults = { reference?: QuotesResult; stockChat?: QuotesResult };

const BATCH = 1_000;

/** The fan-out options of this scenario: its clients and rooms. */
export const quoteOptions = (opts: BenchOptions): BenchOptions => ({
  ...opts,
  clients: opts.quoteClients,
  rooms: opts.quoteRooms,
});

/** Filler symbol i: `QA`, `QB`, … (no room symbol starts with Q). */
const filler = (i: number): string => `Q${letters(i)}`;

/** Every pushed symbol: the rooms' spread evenly over the list (so over every call), fillers between. */
export function quoteSymbols(opts: BenchOptions): string[] {
  const rooms = Array.from({ length: opts.quoteRooms }, (_, i) => roomName(i).slice(1));
  const total = Math.max(opts.quoteSymbols, rooms.length);
  const stride = total / rooms.length;
  const out: string[] = [];
  let fill = 0;
  for (let i = 0; i < total; i++) {
    const room = Math.floor(i / stride);
    out.push(i === Math.ceil(room * stride) ? rooms[room] : filler(fill++));
  }
  return out;
}

/** Pushes every symbol once a second for `durationMs`; returns each round's `ts` and the call stats. */
async function pushRounds(
  url: string,
  key: string,
  symbols: string[],
  durationMs: number,
): Promise<{ rounds: number[]; stats: QuotePushStats }> {
  const rounds: number[] = [];
  const callMs = new Histogram();
  const errors: string[] = [];
  let failed = 0;
  const post = async (quotes: Quote[]) => {
    const t0 = performance.now();
    try {
      const res = await fetch(`${url}/api/server/quotes`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify(quotes),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 200)}`);
    } catch (error) {
      failed++;
      if (errors.length < 5) errors.push((error as Error).message);
    }
    callMs.record(performance.now() - t0);
  };
  const started = performance.now();
  const total = Math.max(1, Math.round(durationMs / 1000));
  for (let k = 0; k < total; k++) {
    await sleep(started + k * 1000 - performance.now());
    const ts = Math.floor(now());
    rounds.push(ts);
    const quotes = symbols.map((symbol, i) => {
      const change = Math.round(Math.sin(k + i) * 300) / 100;
      return { symbol, price: 100 + change, change, changePct: change, ts };
    });
    const calls: Promise<void>[] = [];
    for (let i = 0; i < quotes.length; i += BATCH) calls.push(post(quotes.slice(i, i + BATCH)));
    await Promise.all(calls);
  }
  const elapsedSec = Math.max(1, (performance.now() - started) / 1000);
  return {
    rounds,
    stats: {
      rounds: rounds.length,
      calls: callMs.count,
      failed,
      errors,
      callMs: callMs.summary(),
      symbolsPerSec: (rounds.length * symbols.length) / Math.max(elapsedSec, total),
    },
  };
}

interface QuoteTarget extends FanoutTarget {
  key: string;
}

/** One run on one server: the fan-out step and the pushes together, then the quote tally. */
async function measure(
  t: QuoteTarget,
  opts: BenchOptions,
  symbols: string[],
  durationMs: number,
): Promise<QuoteRun> {
  const [fanout, pushed] = await Promise.all([
    runStep(t.setup, opts, opts.rate, durationMs),
    pushRounds(t.server.url, t.key, symbols, durationMs),
  ]);
  t.acked += fanout.acked;
  // The last round may wait out its symbol's second: give it that and a margin.
  await sleep((pushed.rounds.at(-1) ?? 0) + 1_500 - now());
  const q = await t.setup.pool.quotes(pushed.rounds);
  const rank = Math.ceil(0.99 * q.pairs);
  const p99Ms =
    q.pairs === 0 || rank > q.latency.count
      ? Infinity
      : q.latency.percentile(((rank - 0.5) / q.latency.count) * 100);
  return {
    fanout,
    push: pushed.stats,
    pairs: q.pairs,
    missing: q.missing,
    received: q.received,
    latency: q.latency.summary(),
    p99Ms,
  };
}

async function apiKey(server: ServerHandle): Promise<string> {
  if (server.kind === 'reference') return '';
  const store = await openStore({ dataDir: server.dataDir });
  try {
    return (await new ApiKeys(store).create('bench-quotes', ['publish'])).key;
  } finally {
    await store.close();
  }
}

/** The scenario on every server of `opts.servers`: warm-up, then alternating measured runs. */
export async function benchQuotes(
  all: BenchOptions,
  nodeFlags: (kind: ServerHandle['kind']) => string[],
): Promise<QuotesResults> {
  const opts = quoteOptions(all);
  const symbols = quoteSymbols(opts);
  const servers: ServerHandle[] = [];
  const targets: QuoteTarget[] = [];
  try {
    for (const kind of opts.servers) {
      const server = await startServer(kind, { nodeFlags: nodeFlags(kind) });
      servers.push(server);
      const key = await apiKey(server);
      const setup = await setupFanout(server, opts);
      console.log(
        `  [${kind}] ${opts.clients} clients connected in ${(setup.connectMs / 1000).toFixed(1)} s`,
      );
      targets.push({ server, setup, acked: 0, key });
    }
    const runs = new Map<QuoteTarget, QuoteRun[]>(targets.map((t) => [t, []]));
    if (opts.warmupMs > 0) {
      for (const t of targets) await measure(t, opts, symbols, Math.max(opts.warmupMs, 2_000));
    }
    for (let rep = 0; rep < opts.repeat; rep++) {
      for (const t of rep % 2 === 0 ? targets : [...targets].reverse()) {
        await waitForQuiet(ownPids(targets), opts.quick ? 1_000 : 20_000);
        const run = await measure(t, opts, symbols, opts.durationMs);
        runs.get(t)?.push(run);
        logStep(t.server, run.fanout);
        console.log(
          `  [${t.server.kind}] quotes: ${run.push.rounds} rounds of ${symbols.length}, ` +
            `${run.push.failed} calls failed; latest quote p99 ${run.p99Ms.toFixed(1)} ms ` +
            `(p50 ${run.latency.p50.toFixed(1)}), ${run.missing}/${run.pairs} missing`,
        );
      }
    }
    const out: QuotesResults = {};
    for (const [t, list] of runs) {
      const byFanout = median(list.map((r) => r.fanout));
      const result = { runs: list, median: list.find((r) => r.fanout === byFanout) ?? list[0] };
      out[t.server.kind === 'reference' ? 'reference' : 'stockChat'] = result;
    }
    return out;
  } finally {
    await Promise.all(targets.map((t) => t.setup.close()));
    await Promise.all(servers.map((s) => s.stop()));
  }
}

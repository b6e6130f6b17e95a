/**
 * One load step of the fan-out workload: N authenticated clients in R rooms, one
 * sender per room at a fixed total rate, latency measured on every receiver.
 */
import { LoadPool, type StepStats } from './load-pool.js';
import type { ClientSpec } from './protocol.js';
import type { BenchOptions } from './options.js';
import { BENCH_JWT_SECRET, type ServerHandle } from './servers.js';
import { BackgroundMeter, CpuMeter, processRssBytes, sleep, type LatencySummary } from './stats.js';

/** The outcome of one load step against one server. */
export interface StepResult {
  rate: number;
  durationMs: number;
  sent: number;
  acked: number;
  ackErrors: number;
  expected: number;
  received: number;
  /** received / expected. */
  delivery: number;
  deliveredPerSec: number;
  latency: LatencySummary;
  ackLatency: LatencySummary;
  serverCpuPct: number;
  loadCpuPct: number;
  serverRssMb: number;
  loadLoopDelayP99Ms: number;
  /** CPU other processes on the machine used during the step, % of one core. */
  backgroundCpuPct: number;
  /** Worst latency per 250 ms of the step (ms), to tell one stall from a spread-out tail. */
  worstBySlot: number[];
  /** Messages of other steps received during this one. */
  stale: number;
  loadLoopDelayMaxMs: number;
  /** 100% delivered, every send acked and p99 under 100 ms. */
  held: boolean;
}

export interface FanoutSetup {
  pool: LoadPool;
  /** The server processes the clients are spread over (two for a cluster). */
  serverPids: number[];
  connectMs: number;
  close(): Promise<void>;
}

/** Letters for number `i`, in order and never repeated: `A`…`Z`, `AA`, `AB`, … */
export function letters(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** Room `i` of the workload: a valid ticker room id (`$BA`, `$BB`, …). */
export const roomName = (i: number): string => `$B${letters(i)}`;

/**
 * Connects the fan-out clients: client i is user `bench-i` in room i mod R; the
 * first of each room sends. Given several servers (nodes of one cluster), client
 * i connects to server i mod N, so senders and receivers sit on every node.
 */
export async function setupFanout(
  server: ServerHandle | ServerHandle[],
  opts: BenchOptions,
): Promise<FanoutSetup> {
  const servers = Array.isArray(server) ? server : [server];
  const clients: ClientSpec[] = Array.from({ length: opts.clients }, (_, i) => ({
    user: `bench-${i}`,
    room: roomName(i % opts.rooms),
    sender: i < opts.rooms,
    url: servers[i % servers.length].url,
  }));
  const pool = new LoadPool(opts.workers);
  const connected = await pool.connect(servers[0].url, BENCH_JWT_SECRET, clients);
  if (connected.failed > 0) {
    await pool.close();
    throw new Error(
      `${connected.failed} clients failed to connect: ${connected.errors.join('; ')}`,
    );
  }
  return {
    pool,
    serverPids: servers.map((s) => s.pid),
    connectMs: connected.elapsedMs,
    close: () => pool.close(),
  };
}

async function drain(pool: LoadPool, step: number, maxMs: number): Promise<StepStats> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const stats = await pool.collect(step);
    const settled = stats.received >= stats.expected && stats.acked + stats.ackErrors >= stats.sent;
    if (settled || performance.now() >= deadline) return stats;
    await sleep(100);
  }
}

let stepCounter = 0;

/** Runs one step at `rate` messages/s for `durationMs` and waits for the deliveries to arrive. */
export async function runStep(
  setup: FanoutSetup,
  opts: BenchOptions,
  rate: number,
  durationMs: number,
): Promise<StepResult> {
  const step = ++stepCounter;
  const pids = setup.serverPids;
  const cpu = new CpuMeter(pids);
  const loadCpu = new CpuMeter(setup.pool.pids);
  const background = new BackgroundMeter([...pids, ...setup.pool.pids]);
  const rss = () => pids.reduce((sum, pid) => sum + processRssBytes(pid), 0);
  let rssMax = rss();
  const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, rss())), 500);
  await setup.pool.step(step, rate / opts.rooms, durationMs);
  const stats = await drain(setup.pool, step, 5_000);
  clearInterval(rssTimer);
  const latency = stats.latency.summary();
  const delivery = stats.expected ? stats.received / stats.expected : 0;
  return {
    rate,
    durationMs,
    sent: stats.sent,
    acked: stats.acked,
    ackErrors: stats.ackErrors,
    expected: stats.expected,
    received: stats.received,
    delivery,
    deliveredPerSec: stats.received / (durationMs / 1000),
    latency,
    ackLatency: stats.ackLatency.summary(),
    serverCpuPct: cpu.percent(),
    loadCpuPct: loadCpu.percent(),
    backgroundCpuPct: background.percent(),
    worstBySlot: stats.worstBySlot.map((v) => Math.round(v)),
    stale: stats.stale,
    serverRssMb: rssMax / 2 ** 20,
    loadLoopDelayP99Ms: stats.loadLoopDelayP99Ms,
    loadLoopDelayMaxMs: stats.loadLoopDelayMaxMs,
    held:
      stats.expected > 0 &&
      stats.received === stats.expected &&
      stats.acked === stats.sent &&
      latency.p99 < 100,
  };
}

/**
 * Waits (at most `maxMs`) until processes outside the benchmark use less than
 * `thresholdPct` of one core, so a step does not start in the middle of someone
 * else's build on this shared machine. Returns the background load it settled at.
 */
export async function waitForQuiet(
  ownPids: number[],
  maxMs = 15_000,
  thresholdPct = 60,
): Promise<number> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const meter = new BackgroundMeter(ownPids);
    await sleep(500);
    const pct = meter.percent();
    if (pct < thresholdPct || performance.now() >= deadline) return pct;
  }
}

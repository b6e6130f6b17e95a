/**
 * Fan-out and saturation, paired: both servers run side by side with their own
 * clients connected, and measured steps alternate between them, so a burst of
 * load from elsewhere on this shared machine hits both rather than one.
 */
import {
  runStep,
  setupFanout,
  waitForQuiet,
  type FanoutSetup,
  type StepResult,
} from './fanout-step.js';
import type { BenchOptions } from './options.js';
import type { ServerHandle, ServerKind } from './servers.js';

/** A server with its fan-out clients connected. */
export interface FanoutTarget {
  server: ServerHandle;
  setup: FanoutSetup;
  /** Sends acked by this server over every step so far, warm-up included. */
  acked: number;
}

export interface FanoutResult {
  /** Every measured repetition, in the order run. */
  runs: StepResult[];
  /** The repetition with the median p99: the one the targets are checked on. */
  median: StepResult;
}

export interface SaturationResult {
  steps: StepResult[];
  /** Highest rate (messages/s) that held: p99 < 100 ms, 100% delivered and acked. */
  maxHeldRate: number;
}

/** Starts clients on every server; closes what was opened when one fails. */
export async function connectTargets(
  servers: ServerHandle[],
  opts: BenchOptions,
): Promise<FanoutTarget[]> {
  const targets: FanoutTarget[] = [];
  try {
    for (const server of servers) {
      const setup = await setupFanout(server, opts);
      console.log(
        `  [${server.kind}] ${opts.clients} clients connected in ${(setup.connectMs / 1000).toFixed(1)} s`,
      );
      targets.push({ server, setup, acked: 0 });
    }
  } catch (error) {
    await Promise.all(targets.map((t) => t.setup.close()));
    throw error;
  }
  return targets;
}

export const ownPids = (targets: FanoutTarget[]) =>
  targets.flatMap((t) => [...t.setup.serverPids, ...t.setup.pool.pids]);

async function measure(
  target: FanoutTarget,
  all: FanoutTarget[],
  opts: BenchOptions,
  rate: number,
  durationMs: number,
  quietWaitMs = 5_000,
): Promise<StepResult> {
  await waitForQuiet(ownPids(all), opts.quick ? 1_000 : quietWaitMs);
  const result = await runStep(target.setup, opts, rate, durationMs);
  target.acked += result.acked;
  return result;
}

export function median(runs: StepResult[]): StepResult {
  const sorted = [...runs].sort((a, b) => a.latency.p99 - b.latency.p99);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The default workload: a warm-up on each server, then `repeat` measured steps each, alternating. */
export async function benchFanout(
  targets: FanoutTarget[],
  opts: BenchOptions,
): Promise<Partial<Record<ServerKind, FanoutResult>>> {
  const runs = new Map<ServerKind, StepResult[]>(targets.map((t) => [t.server.kind, []]));
  if (opts.warmupMs > 0) {
    for (const t of targets) await measure(t, targets, opts, opts.rate, opts.warmupMs);
  }
  for (let rep = 0; rep < opts.repeat; rep++) {
    // Alternate who goes first, so neither always follows the other's backlog.
    const order = rep % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      // The measured runs are few: wait longer for a quiet machine than saturation steps do.
      const r = await measure(t, targets, opts, opts.rate, opts.durationMs, 20_000);
      runs.get(t.server.kind)?.push(r);
      logStep(t.server, r);
    }
  }
  const out: Partial<Record<ServerKind, FanoutResult>> = {};
  for (const [kind, list] of runs) out[kind] = { runs: list, median: median(list) };
  return out;
}

/**
 * Steps the rate up by `satFactor`, each rate run on every server still holding
 * (alternating), until a server fails a rate twice in a row (one retry absorbs a
 * stray pause); then one step halfway between its last pass and its failure.
 */
export async function benchSaturation(
  targets: FanoutTarget[],
  opts: BenchOptions,
): Promise<Partial<Record<ServerKind, SaturationResult>>> {
  const results = new Map<FanoutTarget, SaturationResult>(
    targets.map((t) => [t, { steps: [], maxHeldRate: 0 }]),
  );
  const failedAt = new Map<FanoutTarget, number>();
  const attempt = async (t: FanoutTarget, rate: number): Promise<boolean> => {
    const res = results.get(t) as SaturationResult;
    for (let tries = 0; tries < 2; tries++) {
      const r = await measure(t, targets, opts, rate, opts.satStepMs);
      res.steps.push(r);
      logStep(t.server, r);
      if (r.held) return true;
    }
    return false;
  };
  if (opts.warmupMs > 0) {
    for (const t of targets) await measure(t, targets, opts, opts.satStart, opts.warmupMs);
  }
  let alive = [...targets];
  let rate = opts.satStart;
  for (let round = 0; alive.length > 0 && rate <= opts.satMaxRate && round < 30; round++) {
    const order = round % 2 === 0 ? alive : [...alive].reverse();
    for (const t of order) {
      if (await attempt(t, rate)) (results.get(t) as SaturationResult).maxHeldRate = rate;
      else failedAt.set(t, rate);
    }
    alive = alive.filter((t) => !failedAt.has(t));
    rate = Math.round(rate * opts.satFactor);
  }
  for (const t of targets) {
    const res = results.get(t) as SaturationResult;
    const failed = failedAt.get(t);
    if (!failed || !res.maxHeldRate) continue;
    const mid = Math.round((res.maxHeldRate + failed) / 2);
    if (mid > res.maxHeldRate && mid < failed && (await attempt(t, mid))) res.maxHeldRate = mid;
  }
  const out: Partial<Record<ServerKind, SaturationResult>> = {};
  for (const [t, r] of results) out[t.server.kind] = r;
  return out;
}

export function logStep(server: ServerHandle, r: StepResult): void {
  console.log(
    `  [${server.kind}] ${r.rate} msg/s: delivered ${(r.delivery * 100).toFixed(2)}%, ` +
      `p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms, ` +
      `server CPU ${r.serverCpuPct.toFixed(0)}%, other CPU ${r.backgroundCpuPct.toFixed(0)}% ` +
      `-> ${r.held ? 'held' : 'FAILED'}`,
  );
  if (process.env.BENCH_VERBOSE) console.log(`    worst per 250 ms: ${r.worstBySlot.join(' ')}`);
}

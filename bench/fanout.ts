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
import { medianBy } from './stats.js';

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

/** One climb of the rate ladder. */
export interface SaturationLadder {
  steps: StepResult[];
  /** Highest rate (messages/s) that held: p99 < 100 ms, 100% delivered and acked. */
  maxHeldRate: number;
}

export interface SaturationResult {
  /** Every climb, in the order run. */
  ladders: SaturationLadder[];
  /** The median of the ladders' highest held rates: the number the target is checked on. */
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

/** The run with the median p99. */
export function median(runs: StepResult[]): StepResult {
  return medianBy(runs, (r) => r.latency.p99) as StepResult;
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
 * Climbs the rate ladder `satRepeat` times (every server in each climb) and takes
 * each server's median highest held rate: on this shared machine one climb's knee
 * has moved by half from one run to the next, so a single climb decides little.
 */
export async function benchSaturation(
  targets: FanoutTarget[],
  opts: BenchOptions,
): Promise<Partial<Record<ServerKind, SaturationResult>>> {
  const ladders = new Map<FanoutTarget, SaturationLadder[]>(targets.map((t) => [t, []]));
  if (opts.warmupMs > 0) {
    for (const t of targets) await measure(t, targets, opts, opts.satStart, opts.warmupMs);
  }
  for (let i = 0; i < opts.satRepeat; i++) {
    console.log(`  ladder ${i + 1}/${opts.satRepeat}`);
    // Alternate who climbs first, as the fan-out runs do.
    const order = i % 2 === 0 ? targets : [...targets].reverse();
    const climbed = await climb(order, targets, opts);
    for (const t of targets) ladders.get(t)?.push(climbed.get(t) as SaturationLadder);
  }
  const out: Partial<Record<ServerKind, SaturationResult>> = {};
  for (const [t, list] of ladders) {
    const maxHeldRate = medianBy(list, (l) => l.maxHeldRate)?.maxHeldRate ?? 0;
    out[t.server.kind] = { ladders: list, maxHeldRate };
  }
  return out;
}

/** Bisect between a held and a failed rate until they are at most this ratio apart. */
const SAT_RESOLUTION = 1.06;

/**
 * One climb: steps the rate up by `satFactor` (rung k is `satStart * satFactor^k`,
 * rounded, so rounding never accumulates), each rate run on every server still
 * holding (alternating), until a server fails a rate twice in a row (one retry
 * absorbs a stray pause); then bisects (geometrically) between its last pass and its
 * failure until they are within 6% of each other: two more steps at a 1.25 ladder.
 */
async function climb(
  order: FanoutTarget[],
  all: FanoutTarget[],
  opts: BenchOptions,
): Promise<Map<FanoutTarget, SaturationLadder>> {
  const results = new Map<FanoutTarget, SaturationLadder>(
    order.map((t) => [t, { steps: [], maxHeldRate: 0 }]),
  );
  const failedAt = new Map<FanoutTarget, number>();
  const attempt = async (t: FanoutTarget, rate: number): Promise<boolean> => {
    const res = results.get(t) as SaturationLadder;
    for (let tries = 0; tries < 2; tries++) {
      const r = await measure(t, all, opts, rate, opts.satStepMs);
      res.steps.push(r);
      logStep(t.server, r);
      if (r.held) return true;
    }
    return false;
  };
  let alive = [...order];
  const rung = (k: number) => Math.round(opts.satStart * opts.satFactor ** k);
  let rate = rung(0);
  for (let round = 0; alive.length > 0 && rate <= opts.satMaxRate && round < 30; round++) {
    const turn = round % 2 === 0 ? alive : [...alive].reverse();
    for (const t of turn) {
      if (await attempt(t, rate)) (results.get(t) as SaturationLadder).maxHeldRate = rate;
      else failedAt.set(t, rate);
    }
    alive = alive.filter((t) => !failedAt.has(t));
    rate = rung(round + 1);
  }
  for (const t of order) {
    const res = results.get(t) as SaturationLadder;
    let failed = failedAt.get(t);
    while (failed && res.maxHeldRate && failed / res.maxHeldRate > SAT_RESOLUTION) {
      const mid = Math.round(Math.sqrt(res.maxHeldRate * failed));
      if (mid <= res.maxHeldRate || mid >= failed) break;
      if (await attempt(t, mid)) res.maxHeldRate = mid;
      else failed = mid;
    }
  }
  return results;
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

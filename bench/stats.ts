import { readFileSync } from 'node:fs';
import os from 'node:os';
import { nearestRank } from '../protocol/percentile.js';

/** The item with the median `key` (the lower middle of an even count); undefined when empty. */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Summary of a latency distribution, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * A mergeable latency histogram with 0.1 ms buckets, kept sparse so it can be
 * shipped over IPC from the load workers and summed in the parent.
 */
export class Histogram {
  private readonly buckets = new Map<number, number>();
  count = 0;
  max = 0;
  sum = 0;

  record(ms: number): void {
    const v = ms < 0 ? 0 : ms;
    const key = Math.round(v * 10);
    this.buckets.set(key, (this.buckets.get(key) ?? 0) + 1);
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
  }

  merge(other: Histogram | SerializedHistogram): void {
    const entries = other instanceof Histogram ? [...other.buckets] : other.buckets;
    for (const [k, n] of entries) this.buckets.set(k, (this.buckets.get(k) ?? 0) + n);
    this.count += other.count;
    this.sum += other.sum;
    if (other.max > this.max) this.max = other.max;
  }

  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = nearestRank(this.count, p);
    let seen = 0;
    for (const k of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(k) ?? 0;
      if (seen >= rank) return Math.min(k / 10, this.max);
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: this.max,
      mean: this.count ? this.sum / this.count : 0,
    };
  }

  toJSON(): SerializedHistogram {
    return { buckets: [...this.buckets], count: this.count, max: this.max, sum: this.sum };
  }

  static from(data: SerializedHistogram): Histogram {
    const h = new Histogram();
    h.merge(data);
    return h;
  }
}

export interface SerializedHistogram {
  buckets: [number, number][];
  count: number;
  max: number;
  sum: number;
}

/** Summarises raw samples (small sets: store query timings, connect times). */
export function summarize(samples: number[]): LatencySummary {
  const h = new Histogram();
  for (const s of samples) h.record(s);
  return h.summary();
}

const CLOCK_TICKS_PER_SEC = 100;

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SEC;
  } catch {
    return 0;
  }
}

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
export function processRssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Busy CPU of the whole machine over a window, minus what the given processes
 * used: the load other work on this shared box put on the cores meanwhile.
 */
export class BackgroundMeter {
  private readonly busy0 = systemBusyMs();
  private readonly own: CpuMeter;
  private readonly t0 = performance.now();

  constructor(pids: number[]) {
    this.own = new CpuMeter([...pids, process.pid]);
  }

  /** Percentage of one core used by processes outside the benchmark. */
  percent(): number {
    const elapsed = performance.now() - this.t0;
    if (elapsed <= 0) return 0;
    const all = ((systemBusyMs() - this.busy0) / elapsed) * 100;
    return Math.max(0, all - this.own.percent());
  }
}

/** Measures CPU use of a set of processes over a window, as a percentage of one core. */
export class CpuMeter {
  private readonly start: Map<number, number>;
  private readonly t0 = performance.now();

  constructor(private readonly pids: number[]) {
    this.start = new Map(pids.map((pid) => [pid, processCpuMs(pid)]));
  }

  /** Percentage of one core used since construction, summed over the processes. */
  percent(): number {
    const elapsed = performance.now() - this.t0;
    if (elapsed <= 0) return 0;
    let used = 0;
    for (const pid of this.pids) used += processCpuMs(pid) - (this.start.get(pid) ?? 0);
    return (used / elapsed) * 100;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const round = (n: number, digits = 1) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** CPU time (ms) every core has spent busy since boot, from /proc/stat. */
export function systemBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
    const busy = ticks.reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + t), 0);
    return (busy * 1000) / CLOCK_TICKS_PER_SEC;
  } catch {
    return 0;
  }
}

/** Applies `BENCH_NICE` (set by `--nice`) to a benchmark process; ignored when not permitted. */
export function applyNice(pid: number | undefined): void {
  const nice = Number(process.env.BENCH_NICE ?? 0);
  if (!pid || !nice) return;
  try {
    os.setPriority(pid, nice);
  } catch (error) {
    console.warn(`cannot set nice ${nice} on ${pid}: ${(error as Error).message}`);
  }
}

/**
 * Percentiles by nearest rank, the one convention of the server's RTT histogram,
 * the console's ack latency, the diagnose suite and the benchmark.
 */

/** The 1-based rank of percentile `p` (0–100) among `count` samples, clamped to [1, count]. */
export function nearestRank(count: number, p: number): number {
  return Math.min(count, Math.max(1, Math.ceil((p / 100) * count)));
}

/** The value at percentile `p` (0–100) of ascending `sorted` samples; 0 when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[nearestRank(sorted.length, p) - 1] ?? 0;
}

import type uPlot from 'uplot';
import type { RttHistogram, StatsPoint } from '../../protocol/admin.js';

/** The disconnect reasons charted one by one; everything else is summed as `other`. */
export const CHARTED_REASONS = ['ping timeout', 'transport close', 'server kick', 'token expired'];

/** Turns the stats stream into uPlot's column data: `[t, ...pick(p)]`. */
export function columns(stats: StatsPoint[], pick: (p: StatsPoint) => number[]): uPlot.AlignedData {
  const width = stats.length > 0 ? pick(stats[0]).length : 1;
  const cols: number[][] = Array.from({ length: width + 1 }, () => []);
  for (const point of stats) {
    cols[0].push(point.t / 1000);
    pick(point).forEach((v, i) => cols[i + 1].push(v));
  }
  return cols as uPlot.AlignedData;
}

/** Disconnects per second split into the charted reasons plus `other`. */
export function disconnectColumns(point: StatsPoint): number[] {
  const counts = point.disconnects ?? {};
  const charted = CHARTED_REASONS.map((r) => counts[r] ?? 0);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return [...charted, total - charted.reduce((a, b) => a + b, 0)];
}

/** The histogram as bars: x is the bucket index, labels are the bucket bounds. */
export function histogramBars(rtt: RttHistogram): { data: uPlot.AlignedData; labels: string[] } {
  const buckets = rtt.buckets;
  const labels = buckets.map((b) => `≤${b.le >= 1000 ? `${b.le / 1000}k` : b.le}`);
  return {
    data: [buckets.map((_b, i) => i), buckets.map((b) => b.count)],
    labels,
  };
}

import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { StatsPoint } from '../../protocol/admin.js';
import type { ActivityTracker } from './activity-tracker.js';
import type { ConnectionRegistry } from '../realtime/connection-registry.js';

/** Ten minutes of one-second points. */
export const STATS_HISTORY = 600;

/**
 * Samples the live state once a second into `StatsPoint`s for the console's
 * charts, and keeps the last ten minutes so a console opened now starts with
 * full charts. Disconnects per second are the change in the registry's totals.
 */
export class AdminStats {
  private readonly points: StatsPoint[] = [];
  private lastDisconnects: Record<string, number> = {};
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly activity: ActivityTracker,
  ) {
    this.loopDelay.enable();
  }

  /** Takes the point for the second that just ended and remembers it. */
  sample(now = Date.now()): StatsPoint {
    // The last complete second: series(2) ends with the current, partial one.
    const [second] = this.activity.series(2);
    const totals = this.registry.disconnectTotals;
    const disconnects: Record<string, number> = {};
    for (const [reason, count] of Object.entries(totals)) {
      const delta = count - (this.lastDisconnects[reason] ?? 0);
      if (delta > 0) disconnects[reason] = delta;
    }
    this.lastDisconnects = { ...totals };
    const point: StatsPoint = {
      t: now,
      sockets: this.registry.size,
      messagesPerSec: second?.messages ?? 0,
      ackLatencyP50: round(second?.ackP50 ?? 0),
      ackLatencyP99: round(second?.ackP99 ?? 0),
      eventLoopLagMs: round(this.loopDelay.max / 1e6),
      missedHeartbeats: this.registry.aggregate().missedHeartbeats,
      disconnects,
    };
    this.loopDelay.reset();
    this.points.push(point);
    if (this.points.length > STATS_HISTORY) this.points.shift();
    return point;
  }

  /** The remembered points, oldest first. */
  history(): StatsPoint[] {
    return this.points.slice();
  }

  stop(): void {
    this.loopDelay.disable();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

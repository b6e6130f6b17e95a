/**
 * Abuse (issue 8): one signed-in user floods the server (10,000 `join_chat` of
 * distinct tickers, then 50,000 `typing`) while `/health` is probed from a process
 * of its own. stock-chat runs with its default limits (the floods are refused or
 * dropped); the reference, which has no limits, carries the same frames.
 */
import { startHealthProbe } from '../tests/support/health-probe.js';
import { LoadPool } from './load-pool.js';
import type { BenchOptions } from './options.js';
import type { FloodReply } from './protocol.js';
import { BENCH_JWT_SECRET, startServer, type ServerKind } from './servers.js';
import { applyNice, Histogram, sleep, type LatencySummary } from './stats.js';

export interface AbusePhase {
  flood: FloodReply | null;
  health: LatencySummary;
  healthFailed: number;
}

export interface AbuseResult {
  idle: AbusePhase;
  join: AbusePhase;
  typing: AbusePhase;
}

const FLOOD_ROOM = '$FLOOD';

function summary(times: number[]) {
  const h = new Histogram();
  for (const t of times) h.record(t);
  return h.summary();
}

export async function benchAbuse(
  kind: ServerKind,
  opts: BenchOptions,
  nodeFlags: string[] = [],
): Promise<AbuseResult> {
  // The defaults of server/config.ts, which the other benchmarks turn off.
  const server = await startServer(kind, {
    env: { LIMIT_EVENTS_PER_SECOND: '300', RATE_LIMIT_MESSAGES: '30' },
    nodeFlags,
  });
  const pool = new LoadPool(1);
  const probe = startHealthProbe(server.url);
  // Under --nice the server and the flood run at that priority; a probe left at 0 would
  // measure its own wait for a CPU (the 2 cores are full), not the server's answer.
  applyNice(probe.pid);
  try {
    const connected = await pool.connect(server.url, BENCH_JWT_SECRET, [
      { user: 'abuser', room: FLOOD_ROOM },
      { user: 'watcher', room: FLOOD_ROOM },
    ]);
    if (connected.failed > 0) throw new Error(`abuse clients: ${connected.errors.join('; ')}`);
    await probe.ready;
    await sleep(opts.quick ? 1_000 : 3_000);
    const phase = async (flood: FloodReply | null): Promise<AbusePhase> => {
      const { times, failed } = await probe.take();
      return { flood, health: summary(times), healthFailed: failed };
    };
    const idle = await phase(null);
    const join = await phase(await pool.flood('join', FLOOD_ROOM));
    const typing = await phase(await pool.flood('typing', FLOOD_ROOM));
    const result = { idle, join, typing };
    for (const [name, p] of Object.entries(result)) {
      const f = p.flood;
      console.log(
        `  [${kind}] ${name}: ` +
          (f
            ? `${f.sent} sent in ${f.ms.toFixed(0)} ms (${f.ok} ok, ${f.rateLimited} rate_limited, ${f.other} other); `
            : '') +
          `/health p50 ${p.health.p50.toFixed(1)} ms, p99 ${p.health.p99.toFixed(1)} ms, ` +
          `max ${p.health.max.toFixed(1)} ms (${p.health.count} probes, ${p.healthFailed} failed)`,
      );
    }
    return result;
  } finally {
    await probe.stop();
    await pool.close();
    await server.stop();
  }
}

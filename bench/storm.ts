/**
 * Reconnect storm (issue 13): many clients connected, each in a ticker room;
 * `kill -9` the server and start it again on the same port and data. Every
 * client reconnects by itself with the widget's back-off, rejoins its room and
 * `sync`s it. Measured: the time from the kill until the last client is
 * re-synced, failures, and `/health` latency while the storm lasts.
 */
import { connect } from 'node:net';
import { roomName } from './fanout-step.js';
import { LoadPool } from './load-pool.js';
import type { BenchOptions } from './options.js';
import type { ClientSpec } from './protocol.js';
import { BENCH_JWT_SECRET, freePort, startServer, type ServerKind } from './servers.js';
import { CpuMeter, Histogram, medianBy, sleep, type LatencySummary } from './stats.js';

export interface StormResult {
  clients: number;
  connected: number;
  connectSeconds: number;
  /** From the kill until the restarted server accepted connections, and answered /health. */
  listeningMs: number;
  restartMs: number;
  resynced: number;
  failures: number;
  errors: string[];
  /**
   * From the moment the restarted server accepted connections until the last client had
   * rejoined and been answered `sync` (NaN: not all): the reconnect work, without the
   * process's own start-up. `sinceKillMs` counts from the kill.
   */
  allBackMs: number;
  sinceKillMs: number;
  /** Per client, from the kill to its re-sync. */
  resync: LatencySummary;
  /** `/health` while the storm lasted (from the restarted server's first answer to the last re-sync). */
  health: LatencySummary;
  healthErrors: number;
  serverCpuPct: number;
  loadCpuPct: number;
}

/** Resolves with the time (ms since the epoch) the port first accepted a TCP connection. */
async function listeningAt(port: number, giveUpAt: number): Promise<number> {
  while (Date.now() < giveUpAt) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return Date.now();
    await sleep(10);
  }
  return Number.NaN;
}

/** Polls `/health` one request at a time until stopped; a failed probe counts as its elapsed time. */
function probeHealth(url: string) {
  const histogram = new Histogram();
  let errors = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        if (!res.ok) errors++;
      } catch {
        errors++;
      }
      histogram.record(performance.now() - t0);
      await sleep(20);
    }
  })();
  return {
    histogram,
    errors: () => errors,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Every storm run of each server, in order. */
export interface StormRuns {
  reference: StormResult[];
  stockChat: StormResult[];
}

/** The run with the median "all back" time; a run where some never came back counts as the slowest. */
export function medianStorm(runs: StormResult[]): StormResult | undefined {
  return medianBy(runs, (s) => (Number.isFinite(s.allBackMs) ? s.allBackMs : Infinity));
}

/** `nodeFlags` go to the restarted server only (e.g. `--cpu-prof` to profile the storm itself). */
export async function benchStorm(
  kind: ServerKind,
  opts: BenchOptions,
  nodeFlags: string[] = [],
): Promise<StormResult> {
  const clients: ClientSpec[] = Array.from({ length: opts.stormClients }, (_, i) => ({
    user: `storm-${i}`,
    room: roomName(i % opts.stormRooms),
    reconnect: true,
  }));
  // stock-chat is probed on its management port (HEALTH_PORT), as the production compose file
  // probes it; the reference has only its one port.
  const healthPort = kind === 'stock-chat' ? await freePort() : undefined;
  const env = healthPort ? { HEALTH_PORT: String(healthPort) } : undefined;
  const first = await startServer(kind, { env });
  const port = Number(new URL(first.url).port);
  let restarted: Awaited<ReturnType<typeof startServer>> | undefined;
  const pool = new LoadPool(opts.stormWorkers);
  try {
    const connected = await pool.connect(first.url, BENCH_JWT_SECRET, clients, 25);
    console.log(
      `  [${kind}] ${connected.ok} connected, ${connected.failed} failed in ` +
        `${(connected.elapsedMs / 1000).toFixed(1)} s; kill -9 and restart`,
    );
    await sleep(1_000);
    const killedAt = Date.now();
    await first.kill();
    const listening = listeningAt(port, killedAt + opts.stormTimeoutMs);
    restarted = await startServer(kind, {
      port,
      dataDir: first.dataDir || undefined,
      nodeFlags,
      env,
    });
    const restartMs = Date.now() - killedAt;
    const listeningMs = (await listening) - killedAt;
    const cpu = new CpuMeter([restarted.pid]);
    const loadCpu = new CpuMeter(pool.pids);
    const health = probeHealth(healthPort ? `http://127.0.0.1:${healthPort}` : restarted.url);
    const deadline = killedAt + opts.stormTimeoutMs;
    let progress = await pool.recovery(killedAt);
    while (progress.resynced < connected.ok && Date.now() < deadline) {
      await sleep(250);
      progress = await pool.recovery(killedAt);
    }
    await health.stop();
    const resync = progress.resyncMs.summary();
    const all = progress.resynced === connected.ok;
    const result: StormResult = {
      clients: opts.stormClients,
      connected: connected.ok,
      connectSeconds: connected.elapsedMs / 1000,
      listeningMs,
      restartMs,
      resynced: progress.resynced,
      failures: progress.failures + connected.failed,
      errors: [...connected.errors, ...progress.errors],
      allBackMs: all ? resync.max - listeningMs : Number.NaN,
      sinceKillMs: all ? resync.max : Number.NaN,
      resync,
      health: health.histogram.summary(),
      healthErrors: health.errors(),
      serverCpuPct: cpu.percent(),
      loadCpuPct: loadCpu.percent(),
    };
    console.log(
      `  [${kind}] listening ${(listeningMs / 1000).toFixed(1)} s after the kill, healthy at ` +
        `${(restartMs / 1000).toFixed(1)} s; ${result.resynced}/${result.connected} re-synced, all ` +
        `${(result.allBackMs / 1000).toFixed(1)} s after it listened ` +
        `(${(result.sinceKillMs / 1000).toFixed(1)} s after the kill, ` +
        `p50 ${(resync.p50 / 1000).toFixed(1)} s), ${result.failures} failures; /health p99 ` +
        `${result.health.p99.toFixed(1)} ms (max ${result.health.max.toFixed(1)}, ` +
        `${result.health.count} probes, ${result.healthErrors} errors)`,
    );
    return result;
  } finally {
    await pool.close();
    await restarted?.stop({ keepData: true });
    await first.stop();
  }
}

/**
 * Connections: open many websocket clients over several processes, hold them
 * past a few heartbeat intervals, and report connect time, failures and the
 * server's RSS per connection.
 */
import { LoadPool } from './load-pool.js';
import type { BenchOptions } from './options.js';
import type { ClientSpec } from './protocol.js';
import { roomName } from './fanout-step.js';
import { BENCH_JWT_SECRET, type ServerHandle } from './servers.js';
import { processRssBytes, sleep, type LatencySummary } from './stats.js';

export interface ConnectionsResult {
  target: number;
  connected: number;
  failed: number;
  errors: string[];
  connectSeconds: number;
  connectLatency: LatencySummary;
  /** Sockets still open after the hold, as the clients see them. */
  aliveAfterHold: number;
  disconnects: number;
  disconnectReasons: Record<string, number>;
  holdMs: number;
  pingIntervalMs: number;
  /** Server RSS before any client connected, and the highest seen while holding them. */
  rssBaseMb: number;
  rssHeldMb: number;
  rssPerConnectionKb: number;
  /** The server's own count of connections, from /health, when it reports one. */
  serverCount: number | null;
}

async function serverConnections(url: string): Promise<number | null> {
  try {
    const body = (await (await fetch(`${url}/health`)).json()) as { connections?: unknown };
    return typeof body.connections === 'number' ? body.connections : null;
  } catch {
    return null;
  }
}

/** Every client joins one of `connRooms` ticker rooms, as a widget would. */
export async function benchConnections(
  server: ServerHandle,
  opts: BenchOptions,
): Promise<ConnectionsResult> {
  const clients: ClientSpec[] = Array.from({ length: opts.connections }, (_, i) => ({
    user: `conn-${i}`,
    room: roomName(i % opts.connRooms),
  }));
  await sleep(500);
  const rssBase = processRssBytes(server.pid);
  const pool = new LoadPool(opts.connWorkers);
  try {
    const connected = await pool.connect(server.url, BENCH_JWT_SECRET, clients, 25);
    console.log(
      `  [${server.kind}] ${connected.ok} connected, ${connected.failed} failed in ` +
        `${(connected.elapsedMs / 1000).toFixed(1)} s; holding ${opts.holdMs / 1000} s`,
    );
    let rssHeld = processRssBytes(server.pid);
    const deadline = performance.now() + opts.holdMs;
    while (performance.now() < deadline) {
      await sleep(1_000);
      rssHeld = Math.max(rssHeld, processRssBytes(server.pid));
    }
    const status = await pool.status();
    const serverCount = await serverConnections(server.url);
    return {
      target: opts.connections,
      connected: connected.ok,
      failed: connected.failed,
      errors: connected.errors,
      connectSeconds: connected.elapsedMs / 1000,
      connectLatency: connected.connectMs.summary(),
      aliveAfterHold: status.connected,
      disconnects: status.disconnects,
      disconnectReasons: status.reasons,
      holdMs: opts.holdMs,
      pingIntervalMs: opts.pingIntervalMs,
      rssBaseMb: rssBase / 2 ** 20,
      rssHeldMb: rssHeld / 2 ** 20,
      rssPerConnectionKb: connected.ok ? (rssHeld - rssBase) / 1024 / connected.ok : 0,
      serverCount,
    };
  } finally {
    await pool.close();
  }
}

/**
 * Scale scenarios of issue 13 built on the fan-out step: a hot room (thousands of
 * clients in one ticker room, against the reference) and two nodes through
 * Redis (the default fan-out workload split over two stock-chat nodes sharing one
 * SQLite file, against one node), measured in alternating steps in one run.
 */
import { startRedis, type RedisServer } from '../tests/support/redis.js';
import { logStep, median, ownPids, type FanoutResult, type FanoutTarget } from './fanout.js';
import { runStep, setupFanout, waitForQuiet } from './fanout-step.js';
import type { BenchOptions } from './options.js';
import { startServer, type ServerHandle } from './servers.js';

/** The hot room's workload: the fan-out options with one room. */
export const hotRoomOptions = (opts: BenchOptions): BenchOptions => ({
  ...opts,
  clients: opts.hotClients,
  rooms: 1,
  rate: opts.hotRate,
  workers: opts.hotWorkers,
});

export interface TwoNodesResult {
  oneNode: FanoutResult;
  twoNodes: FanoutResult;
}

/** Alternating measured steps over labelled targets (warm-up first); returns each one's runs. */
export async function alternate(
  targets: { label: string; target: FanoutTarget }[],
  opts: BenchOptions,
): Promise<Map<string, FanoutResult>> {
  const all = targets.map((t) => t.target);
  const runs = new Map(targets.map((t) => [t.label, [] as FanoutResult['runs']]));
  if (opts.warmupMs > 0) {
    for (const { target } of targets) {
      await waitForQuiet(ownPids(all), opts.quick ? 1_000 : 5_000);
      target.acked += (await runStep(target.setup, opts, opts.rate, opts.warmupMs)).acked;
    }
  }
  for (let rep = 0; rep < opts.repeat; rep++) {
    const order = rep % 2 === 0 ? targets : [...targets].reverse();
    for (const { label, target } of order) {
      await waitForQuiet(ownPids(all), opts.quick ? 1_000 : 20_000);
      const r = await runStep(target.setup, opts, opts.rate, opts.durationMs);
      target.acked += r.acked;
      runs.get(label)?.push(r);
      logStep({ ...target.server, kind: label as ServerHandle['kind'] }, r);
    }
  }
  const out = new Map<string, FanoutResult>();
  for (const [label, list] of runs) out.set(label, { runs: list, median: median(list) });
  return out;
}

/** One stock-chat node against two nodes through a real redis-server, same workload. */
export async function benchTwoNodes(opts: BenchOptions): Promise<TwoNodesResult> {
  const servers: ServerHandle[] = [];
  const targets: { label: string; target: FanoutTarget }[] = [];
  let redis: RedisServer | undefined;
  try {
    redis = await startRedis();
    const single = await startServer('stock-chat');
    servers.push(single);
    const env = { REDIS_URL: redis.url };
    const nodeA = await startServer('stock-chat', { env: { ...env, NODE_ID: 'bench-a' } });
    servers.push(nodeA);
    // The second node shares the first one's SQLite file, as the topology test's nodes do.
    const nodeB = await startServer('stock-chat', {
      env: { ...env, NODE_ID: 'bench-b' },
      dataDir: nodeA.dataDir,
    });
    servers.push(nodeB);
    for (const [label, nodes] of [
      ['one node', [single]],
      ['two nodes', [nodeA, nodeB]],
    ] as const) {
      const setup = await setupFanout([...nodes], opts);
      console.log(
        `  [${label}] ${opts.clients} clients connected in ${(setup.connectMs / 1000).toFixed(1)} s`,
      );
      targets.push({ label, target: { server: nodes[0], setup, acked: 0 } });
    }
    const r = await alternate(targets, opts);
    return {
      oneNode: r.get('one node') as FanoutResult,
      twoNodes: r.get('two nodes') as FanoutResult,
    };
  } finally {
    await Promise.all(targets.map((t) => t.target.setup.close()));
    // Node B first: it does not own the shared data directory.
    for (const s of [...servers].reverse()) await s.stop();
    await redis?.stop();
  }
}

/**
 * `npm run bench`: fan-out, saturation, connections and store benchmarks against
 * the stock-chat server and a plain Socket.IO reference, with ratios, written to
 * docs/benchmarks.md. Exits non-zero when a target of issue 5 is missed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchConnections } from './connections.js';
import { benchFanout, benchSaturation } from './fanout.js';
import { parseOptions, type BenchOptions } from './options.js';
import { renderReport } from './report.js';
import { startServer, workDir, type ServerKind } from './servers.js';
import { benchBigRoom, countStoredMessages } from './store.js';
import { checkTargets, type BenchResults } from './targets.js';

const key = (kind: ServerKind) => (kind === 'reference' ? 'reference' : 'stockChat');

function profileFlags(opts: BenchOptions, kind: ServerKind, name: string): string[] {
  if (!opts.profile || kind !== 'stock-chat') return [];
  // One directory per benchmark: node names each thread's profile itself.
  return ['--cpu-prof', `--cpu-prof-dir=${path.join(workDir, 'prof', name)}`];
}

async function fanout(opts: BenchOptions, results: BenchResults): Promise<void> {
  results.fanout = {};
  for (const kind of opts.servers) {
    console.log(`fan-out: ${kind}`);
    const server = await startServer(kind, { nodeFlags: profileFlags(opts, kind, 'fanout') });
    let acked: number;
    try {
      const { result, warmup } = await benchFanout(server, opts);
      results.fanout[key(kind)] = result;
      acked = result.acked + (warmup?.acked ?? 0);
      console.log(
        `  delivered ${(result.delivery * 100).toFixed(2)}%, p50 ${result.latency.p50.toFixed(1)} ms, ` +
          `p99 ${result.latency.p99.toFixed(1)} ms, server CPU ${result.serverCpuPct.toFixed(0)}%, ` +
          `other CPU ${result.backgroundCpuPct.toFixed(0)}%`,
      );
      if (process.env.BENCH_VERBOSE)
        console.log(`  worst per 250 ms: ${result.worstBySlot.join(' ')}`);
    } finally {
      await server.stop({ keepData: kind === 'stock-chat' });
    }
    if (kind === 'stock-chat') {
      try {
        const stored = countStoredMessages(server.dataDir, '$B');
        results.fanout.persisted = {
          acked,
          ...stored,
          perSec: (results.fanout.stockChat?.acked ?? 0) / (opts.durationMs / 1000),
        };
      } finally {
        server.removeData();
      }
    }
  }
}

async function saturation(opts: BenchOptions, results: BenchResults): Promise<void> {
  results.saturation = {};
  for (const kind of opts.servers) {
    console.log(`saturation: ${kind}`);
    const server = await startServer(kind, { nodeFlags: profileFlags(opts, kind, 'saturation') });
    try {
      results.saturation[key(kind)] = await benchSaturation(server, opts);
    } finally {
      await server.stop();
    }
  }
}

async function connections(opts: BenchOptions, results: BenchResults): Promise<void> {
  results.connections = {};
  for (const kind of opts.servers) {
    console.log(`connections: ${kind}`);
    const server = await startServer(kind, {
      pingIntervalMs: opts.pingIntervalMs,
      pingTimeoutMs: opts.pingIntervalMs,
    });
    try {
      const c = await benchConnections(server, opts);
      results.connections[key(kind)] = c;
      console.log(
        `  ${c.aliveAfterHold}/${c.target} alive after the hold, ${c.disconnects} dropped, ` +
          `${c.rssPerConnectionKb.toFixed(1)} KB RSS per connection`,
      );
    } finally {
      await server.stop();
    }
  }
}

async function store(opts: BenchOptions, results: BenchResults): Promise<void> {
  if (!opts.servers.includes('stock-chat')) return;
  console.log(`store: seeding a room of ${opts.storeMessages} messages`);
  results.store = await benchBigRoom(opts);
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const t0 = performance.now();
  const results: BenchResults = {};
  const benches = { fanout, saturation, connections, store };
  for (const name of opts.only) await benches[name](opts, results);

  const checks = checkTargets(results);
  const elapsedSec = (performance.now() - t0) / 1000;
  const command = [
    'npm run bench',
    ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
  ].join(' ');
  console.log('\ntargets:');
  for (const c of checks)
    console.log(`  ${c.pass ? 'pass' : 'MISS'}  ${c.name}: ${c.measured} (wanted ${c.target})`);
  if (opts.out) {
    mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
    writeFileSync(
      opts.out,
      renderReport(results, checks, opts, command, startedAt, elapsedSec) + '\n',
    );
    console.log(`report written to ${opts.out}`);
  }
  if (opts.json)
    writeFileSync(opts.json, JSON.stringify({ options: opts, results, checks }, null, 2));
  console.log(`done in ${elapsedSec.toFixed(0)} s`);
  process.exitCode = checks.every((c) => c.pass) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error('bench failed:', error);
  process.exitCode = 2;
});

/**
 * `npm run bench`: fan-out, saturation, connections, store, scale, abuse and
 * live-quote benchmarks against the stock-chat server and a plain Socket.IO
 * reference, with ratios, written to docs/benchmarks.md. Exits non-zero when a
 * target is missed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { benchAbuse } from './abuse.js';
import { benchTwoNodes, hotRoomOptions } from './cluster.js';
import { benchConnections } from './connections.js';
import { benchFanout, benchSaturation, connectTargets } from './fanout.js';
import { parseOptions, type BenchOptions } from './options.js';
import { renderReport } from './report.js';
import { startServer, workDir, type ServerHandle, type ServerKind } from './servers.js';
import { benchBigRoom, countStoredMessages } from './store.js';
import { benchQuotes } from './quotes.js';
import { benchStorm, medianStorm, type StormRuns } from './storm.js';
import { checkTargets, type BenchResults } from './targets.js';

const key = (kind: ServerKind) => (kind === 'reference' ? 'reference' : 'stockChat');

function profileFlags(opts: BenchOptions, kind: ServerKind, name: string): string[] {
  if (!opts.profile) return [];
  // One directory per benchmark: node names each thread's profile itself.
  return ['--cpu-prof', `--cpu-prof-dir=${path.join(workDir, 'prof', name, kind)}`];
}

async function startAll(opts: BenchOptions, name: string): Promise<ServerHandle[]> {
  const servers: ServerHandle[] = [];
  try {
    for (const kind of opts.servers)
      servers.push(await startServer(kind, { nodeFlags: profileFlags(opts, kind, name) }));
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  return servers;
}

async function fanout(opts: BenchOptions, results: BenchResults): Promise<void> {
  console.log(`fan-out: ${opts.servers.join(' and ')}, ${opts.repeat} alternating runs each`);
  const servers = await startAll(opts, 'fanout');
  let stockChatAcked: number | undefined;
  try {
    const targets = await connectTargets(servers, opts);
    try {
      const r = await benchFanout(targets, opts);
      results.fanout = { reference: r.reference, stockChat: r['stock-chat'] };
      stockChatAcked = targets.find((t) => t.server.kind === 'stock-chat')?.acked ?? 0;
    } finally {
      await Promise.all(targets.map((t) => t.setup.close()));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop({ keepData: true })));
  }
  const stock = servers.find((s) => s.kind === 'stock-chat');
  if (stock && results.fanout?.stockChat) {
    try {
      const measured = results.fanout.stockChat.runs;
      const acked = measured.reduce((n, r) => n + r.acked, 0);
      results.fanout.persisted = {
        acked: stockChatAcked ?? 0,
        ...countStoredMessages(stock.dataDir, '$B'),
        perSec: acked / ((measured.length * opts.durationMs) / 1000),
      };
    } finally {
      stock.removeData();
    }
  }
}

async function saturation(opts: BenchOptions, results: BenchResults): Promise<void> {
  console.log(`saturation: ${opts.servers.join(' and ')}, rates alternating`);
  const servers = await startAll(opts, 'saturation');
  try {
    const targets = await connectTargets(servers, opts);
    try {
      const r = await benchSaturation(targets, opts);
      results.saturation = { reference: r.reference, stockChat: r['stock-chat'] };
    } finally {
      await Promise.all(targets.map((t) => t.setup.close()));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
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

async function hotRoom(all: BenchOptions, results: BenchResults): Promise<void> {
  const opts = hotRoomOptions(all);
  console.log(
    `hot room: ${opts.clients} clients in one room, ${opts.rate} msg/s, ${opts.workers} load processes`,
  );
  const servers = await startAll(opts, 'hot-room');
  try {
    const targets = await connectTargets(servers, opts);
    try {
      const r = await benchFanout(targets, opts);
      results.hotRoom = { reference: r.reference, stockChat: r['stock-chat'] };
    } finally {
      await Promise.all(targets.map((t) => t.setup.close()));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function twoNodes(opts: BenchOptions, results: BenchResults): Promise<void> {
  if (!opts.servers.includes('stock-chat')) return;
  console.log(
    `two nodes through Redis: ${opts.clients} clients, ${opts.rooms} rooms, ${opts.rate} msg/s`,
  );
  results.twoNodes = await benchTwoNodes(opts);
}

async function storm(opts: BenchOptions, results: BenchResults): Promise<void> {
  const runs: StormRuns = { reference: [], stockChat: [] };
  // Alternating, as the fan-out does: a slow spell of the machine falls on both servers.
  for (let i = 1; i <= opts.stormRepeat; i++) {
    for (const kind of opts.servers) {
      console.log(
        `reconnect storm ${i}/${opts.stormRepeat}: ${kind}, ${opts.stormClients} clients`,
      );
      runs[key(kind)].push(await benchStorm(kind, opts, profileFlags(opts, kind, 'storm')));
    }
  }
  results.storm = { runs };
  for (const kind of opts.servers) results.storm[key(kind)] = medianStorm(runs[key(kind)]);
}

async function abuse(opts: BenchOptions, results: BenchResults): Promise<void> {
  results.abuse = {};
  for (const kind of opts.servers) {
    console.log(`abuse: ${kind}, 10,000 joins then 50,000 typing from one user`);
    results.abuse[key(kind)] = await benchAbuse(kind, opts, profileFlags(opts, kind, 'abuse'));
  }
}

async function quotes(opts: BenchOptions, results: BenchResults): Promise<void> {
  console.log(
    `live quotes: ${opts.quoteClients} clients in ${opts.quoteRooms} ticker rooms, ` +
      `${opts.quoteSymbols} symbols pushed once a second, ${opts.rate} msg/s fan-out alongside`,
  );
  results.quotes = await benchQuotes(opts, (kind) => profileFlags(opts, kind, 'quotes'));
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.nice) process.env.BENCH_NICE = String(opts.nice);
  const startedAt = new Date();
  const t0 = performance.now();
  const results: BenchResults = {};
  const benches = {
    fanout,
    saturation,
    connections,
    store,
    'hot-room': hotRoom,
    'two-nodes': twoNodes,
    storm,
    abuse,
    quotes,
  };
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
    // Formatted like every other file, so `prettier --check .` passes on the committed report.
    const markdown = renderReport(results, checks, opts, command, startedAt, elapsedSec);
    const config = (await prettier.resolveConfig(opts.out)) ?? {};
    writeFileSync(opts.out, await prettier.format(markdown, { ...config, filepath: opts.out }));
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

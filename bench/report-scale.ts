import { hotRoomOptions } from './cluster.js';
import type { FanoutResult } from './fanout.js';
import type { StepResult } from './fanout-step.js';
import type { BenchOptions } from './options.js';
import type { StormResult } from './storm.js';
import type { AbuseResult } from './abuse.js';
import type { BenchResults } from './targets.js';

const f1 = (n: number) => n.toFixed(1);
const s1 = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : 'n/a');

/** The fan-out table's row renderer and header, shared with report.ts. */
export type StepRow = (name: string, s: StepResult) => string;

function runsTable(rows: [string, FanoutResult | undefined][], row: StepRow, header: string) {
  const out = [header];
  for (const [name, fr] of rows)
    for (const run of fr?.runs ?? []) out.push(row(run === fr?.median ? `${name} *` : name, run));
  return out;
}

/** Sections 5-7 of docs/benchmarks.md: issue 13's hot room, two nodes and reconnect storm. */
export function renderScale(
  r: BenchResults,
  opts: BenchOptions,
  row: StepRow,
  header: string,
): string[] {
  const out: string[] = [];
  if (r.hotRoom) {
    const h = hotRoomOptions(opts);
    out.push(
      '## 5. Hot room',
      '',
      `${h.clients} clients in one ticker room, ${h.rate} messages/s (${h.clients * h.rate} deliveries/s), ` +
        `${h.workers} load-generator processes; otherwise as the fan-out (warm-up, ${h.repeat} alternating ` +
        'measured runs per server, median run marked *).',
      '',
      ...runsTable(
        [
          ['reference', r.hotRoom.reference],
          ['stock-chat', r.hotRoom.stockChat],
        ],
        row,
        header,
      ),
      '',
    );
  }
  if (r.twoNodes) {
    out.push(
      '## 6. Two nodes through Redis',
      '',
      `The fan-out workload (${opts.clients} clients, ${opts.rooms} rooms, ${opts.rate} msg/s) against one ` +
        'stock-chat node, and split over two nodes (client i on node i mod 2, so every room has ' +
        'senders and receivers on both) joined by a real redis-server through the Socket.IO Redis ' +
        'adapter and sharing one SQLite file. Both set-ups are up together; steps alternate. Server ' +
        'CPU and RSS are the sum over both nodes.',
      '',
      ...runsTable(
        [
          ['one node', r.twoNodes.oneNode],
          ['two nodes', r.twoNodes.twoNodes],
        ],
        row,
        header,
      ),
      '',
    );
  }
  if (r.storm) {
    out.push(
      '## 7. Reconnect storm',
      '',
      `${opts.stormClients} websocket clients over ${opts.stormWorkers} processes, each in one of ` +
        `${opts.stormRooms} ticker rooms, reconnecting with the widget's settings (0.5 s back-off ` +
        'doubling to 4 s, ±50% jitter). The server is killed with SIGKILL and started again on the same ' +
        'port and data; every client reconnects by itself, rejoins its room and sends `sync`. "all back" ' +
        'counts from the moment the restarted server accepted TCP connections to the last `sync` ' +
        'answer (the start-up of the process itself is shown apart). `/health` is probed one request ' +
        'at a time, every 20 ms, from the first answer of the restarted server until the last re-sync: ' +
        "stock-chat's on its `HEALTH_PORT` listener (as the production compose file probes it), the " +
        "reference's on its only port. " +
        `The two servers run one after the other, not side by side, ${opts.stormRepeat} runs each, ` +
        'alternating; the targets use each server\'s median run by "all back" (marked *), every run ' +
        'must bring all clients back.',
      '',
      '| server | connected | connect time s | listening after kill s | all back s | p50 back s | since kill s | failures | /health p50 ms | /health p99 ms | /health max ms | probes | server CPU | load-gen CPU |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    );
    const { runs } = r.storm;
    for (const [name, list, median] of [
      ['reference', runs.reference, r.storm.reference],
      ['stock-chat', runs.stockChat, r.storm.stockChat],
    ] as [string, StormResult[], StormResult | undefined][]) {
      for (const s of list) {
        out.push(
          `| ${name}${s === median && list.length > 1 ? ' *' : ''} | ${s.connected} | ${f1(s.connectSeconds)} | ${s1(s.listeningMs)} | ${s1(s.allBackMs)} | ` +
            `${s1(s.resync.p50 - s.listeningMs)} | ${s1(s.sinceKillMs)} | ${s.failures} | ${f1(s.health.p50)} | ` +
            `${f1(s.health.p99)} | ${f1(s.health.max)} | ${s.health.count} | ${f1(s.serverCpuPct)}% | ${f1(s.loadCpuPct)}% |`,
        );
      }
    }
    out.push('');
  }
  if (r.abuse) {
    out.push(
      '## 8. Abuse (issue 8)',
      '',
      'One signed-in user sends 10,000 `join_chat` of distinct tickers (200 in flight at a time), ' +
        'then 50,000 `typing` into a room in bursts of 1,000 and a `ping`. stock-chat runs with its ' +
        'default limits (`LIMIT_JOINS_PER_MINUTE` 120, `LIMIT_EVENTS_PER_SECOND` 300, typing at most ' +
        'one per 2 s); the reference has none and carries the same frames. `/health` is probed every ' +
        '10 ms, one request at a time, from a process of its own (tests/support/health-probe.ts) ' +
        'that runs at the same `--nice` as the servers and the flood, idle for 3 s first.',
      '',
      '| server | phase | sent | ok | rate_limited | flood ms | /health p50 ms | /health p99 ms | /health max ms | probes | failed |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const [name, a] of [
      ['reference', r.abuse.reference],
      ['stock-chat', r.abuse.stockChat],
    ] as [string, AbuseResult | undefined][]) {
      if (!a) continue;
      for (const [phase, p] of [
        ['idle', a.idle],
        ['join flood', a.join],
        ['typing flood', a.typing],
      ] as const) {
        const f = p.flood;
        out.push(
          `| ${name} | ${phase} | ${f?.sent ?? ''} | ${f?.ok ?? ''} | ${f?.rateLimited ?? ''} | ${f ? f1(f.ms) : ''} | ` +
            `${f1(p.health.p50)} | ${f1(p.health.p99)} | ${f1(p.health.max)} | ${p.health.count} | ${p.healthFailed} |`,
        );
      }
    }
    out.push('');
  }
  return out;
}

import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { StepResult } from './fanout-step.js';
import { renderQuotes } from './report-quotes.js';
import { renderScale } from './report-scale.js';
import type { BenchOptions } from './options.js';
import type { BenchResults, TargetCheck } from './targets.js';

const f1 = (n: number) => n.toFixed(1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

function machine(): string {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout.
  }
  return [
    `- CPU: ${cpus.length} x ${cpus[0]?.model ?? 'unknown'}`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; OS: ${os.type()} ${os.release()}`,
    `- Node.js ${process.version}; commit ${commit}`,
    `- Load average at the end of the run: ${os.loadavg().map(f1).join(', ')}`,
  ].join('\n');
}

function stepRow(name: string, s: StepResult): string {
  return (
    `| ${name} | ${int(s.sent)} | ${(s.delivery * 100).toFixed(2)}% | ${int(s.deliveredPerSec)} | ` +
    `${f1(s.latency.p50)} | ${f1(s.latency.p90)} | ${f1(s.latency.p99)} | ${f1(s.latency.max)} | ` +
    `${f1(s.ackLatency.p99)} | ${f1(s.serverCpuPct)}% | ${f1(s.serverRssMb)} | ${f1(s.loadLoopDelayP99Ms)} | ${f1(s.backgroundCpuPct)}% |`
  );
}

const STEP_HEADER =
  '| server | sent | delivered | deliveries/s | p50 ms | p90 ms | p99 ms | max ms | ack p99 ms | server CPU | server RSS MB | load-gen loop delay p99 ms | other CPU |\n' +
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|';

/** Renders the results as the Markdown of docs/benchmarks.md. */
export function renderReport(
  r: BenchResults,
  checks: TargetCheck[],
  opts: BenchOptions,
  command: string,
  startedAt: Date,
  elapsedSec: number,
): string {
  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push(
    'Produced by `npm run bench` (bench/run.ts). Each benchmark runs against the stock-chat server ' +
      '(auth, validation, SQLite persistence, presence all on; `RATE_LIMIT_MESSAGES=0`) and against ' +
      'bench/reference-server.ts, a plain Socket.IO server of the same version with no database, ' +
      'started in the same run on the same machine. Load generators are separate processes on the ' +
      'same 2 cores, so every number includes their cost; compare the ratios, not only absolute times.',
    '',
  );
  out.push(`- Date: ${startedAt.toISOString()} (run took ${f1(elapsedSec)} s)`);
  out.push(`- Command: \`${command}\``);
  out.push(machine(), '');

  out.push('## Targets', '', '| target | wanted | measured | |', '|---|---|---|---|');
  for (const c of checks)
    out.push(`| ${c.name} | ${c.target} | ${c.measured} | ${c.pass ? 'pass' : '**MISS**'} |`);
  out.push('');

  if (r.fanout) {
    out.push(
      '## 1. Fan-out',
      '',
      `${opts.clients} clients in ${opts.rooms} rooms, one sender per room, ${opts.rate} messages/s in total ` +
        '(each sender on its own schedule, started at a random phase, not in step with the others) ' +
        `for ${opts.durationMs / 1000} s after a ${opts.warmupMs / 1000} s warm-up; latency is send to ` +
        'receive on every subscribed socket (the sender’s own included), one clock. Both servers run ' +
        `side by side with their clients connected; ${opts.repeat} measured runs each, alternating ` +
        'between them; targets use the run with the median p99 (marked *). "other CPU" is what ' +
        'processes outside the benchmark used meanwhile (this machine is shared), in % of one core.',
      '',
      STEP_HEADER,
    );
    for (const [name, fr] of [
      ['reference', r.fanout.reference],
      ['stock-chat', r.fanout.stockChat],
    ] as const) {
      for (const run of fr?.runs ?? [])
        out.push(stepRow(run === fr?.median ? `${name} *` : name, run));
    }
    if (r.fanout.reference && r.fanout.stockChat) {
      const a = r.fanout.stockChat.median;
      const b = r.fanout.reference.median;
      out.push(
        '',
        `Ratios stock-chat / reference: p50 ${ratio(a.latency.p50, b.latency.p50)}, ` +
          `p99 ${ratio(a.latency.p99, b.latency.p99)}, server CPU ${ratio(a.serverCpuPct, b.serverCpuPct)}, ` +
          `RSS ${ratio(a.serverRssMb, b.serverRssMb)}.`,
      );
    }
    out.push('');
  }

  if (r.saturation) {
    out.push(
      '## 2. Saturation',
      '',
      `Same workload; the total rate starts at ${opts.satStart} msg/s and grows ${opts.satFactor}x per ` +
        `${opts.satStepMs / 1000} s step until a step fails twice (p99 >= 100 ms, or less than 100% ` +
        'delivered or acked), then steps halfway (geometrically) between the last pass and the ' +
        'failure until they are within 6% of each other. Both ' +
        `servers step up together, alternating at each rate. The ladder is climbed ${opts.satRepeat} ` +
        "times; the number checked is each server's median highest held rate.",
      '',
    );
    for (const [name, s] of [
      ['reference', r.saturation.reference],
      ['stock-chat', r.saturation.stockChat],
    ] as const) {
      if (!s) continue;
      const each = s.ladders.map((l) => int(l.maxHeldRate)).join(', ');
      out.push(
        `**${name}**: highest rate that held, median of ${s.ladders.length}: **${int(s.maxHeldRate)} msg/s** ` +
          `(${int(s.maxHeldRate * (opts.clients / opts.rooms))} deliveries/s; each climb: ${each}).`,
        '',
      );
      out.push(
        '| climb | rate msg/s | delivered | p50 ms | p99 ms | max ms | server CPU | other CPU | held |',
        '|---|---|---|---|---|---|---|---|---|',
      );
      s.ladders.forEach((ladder, i) => {
        for (const st of ladder.steps) {
          out.push(
            `| ${i + 1} | ${int(st.rate)} | ${(st.delivery * 100).toFixed(2)}% | ${f1(st.latency.p50)} | ${f1(st.latency.p99)} | ` +
              `${f1(st.latency.max)} | ${f1(st.serverCpuPct)}% | ${f1(st.backgroundCpuPct)}% | ${st.held ? 'yes' : 'no'} |`,
          );
        }
      });
      out.push('');
    }
  }

  if (r.connections) {
    out.push(
      '## 3. Connections',
      '',
      `${opts.connections} websocket clients over ${opts.connWorkers} processes, each joining one of ` +
        `${opts.connRooms} rooms, held for ${opts.holdMs / 1000} s with the server's ping interval at ` +
        `${opts.pingIntervalMs} ms. RSS per connection = (RSS while holding - RSS before) / connections.`,
      '',
      '| server | connected | failed | connect time s | connect p99 ms | alive after hold | dropped | RSS before MB | RSS held MB | RSS / connection KB |',
      '|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const [name, c] of [
      ['reference', r.connections.reference],
      ['stock-chat', r.connections.stockChat],
    ] as const) {
      if (!c) continue;
      out.push(
        `| ${name} | ${c.connected} | ${c.failed} | ${f1(c.connectSeconds)} | ${f1(c.connectLatency.p99)} | ` +
          `${c.aliveAfterHold} | ${c.disconnects} | ${f1(c.rssBaseMb)} | ${f1(c.rssHeldMb)} | ${f1(c.rssPerConnectionKb)} |`,
      );
    }
    out.push('');
  }

  if (r.fanout?.persisted || r.store) {
    out.push('## 4. Store', '');
    const p = r.fanout?.persisted;
    if (p) {
      out.push(
        `Under the fan-out load the SQLite store persisted **${int(p.perSec)} messages/s** (each acked only ` +
          `after its commit); after the run the file held ${int(p.rows)} rows for ${int(p.acked)} acked ` +
          `messages (warm-up included).`,
        '',
      );
    }
    const s = r.store;
    if (s) {
      out.push(
        `A room of ${int(s.messages)} messages, seeded through the store port (\`appendMessage\`, grouped ` +
          `commits) at ${int(s.seededPerSec)} messages/s. Each query fetches 50 messages, ` +
          `timed ${opts.storeRepeat} times through the store and over a websocket (round trip, auth and validation included).`,
        '',
        '| query | via | returned | p50 ms | p90 ms | p99 ms | max ms |',
        '|---|---|---|---|---|---|---|',
      );
      for (const q of s.queries) {
        out.push(
          `| ${q.label} | ${q.via} | ${q.returned} | ${f1(q.timing.p50)} | ${f1(q.timing.p90)} | ${f1(q.timing.p99)} | ${f1(q.timing.max)} |`,
        );
      }
      out.push('');
    }
  }
  out.push(...renderScale(r, opts, stepRow, STEP_HEADER));
  out.push(...renderQuotes(r, opts, stepRow, STEP_HEADER));
  // Hand-written notes (how to read the numbers, what each server change bought) follow the tables.
  const notes = new URL('./changes.md', import.meta.url);
  if (existsSync(notes)) out.push(readFileSync(notes, 'utf8').trim(), '');
  return out.join('\n');
}

import type { BenchOptions } from './options.js';
import type { QuoteRun, QuotesResult } from './quotes.js';
import type { StepRow } from './report-scale.js';
import type { BenchResults } from './targets.js';

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

function quoteRow(name: string, run: QuoteRun): string {
  const p = run.push;
  return (
    `| ${name} | ${p.rounds} | ${p.calls - p.failed}/${p.calls} | ${Math.round(p.symbolsPerSec)} | ${f1(p.callMs.p50)} | ` +
    `${f1(p.callMs.p99)} | ${run.received} | ${run.missing}/${run.pairs} | ${f1(run.latency.p50)} | ${f1(run.p99Ms)} | ${f1(run.latency.max)} |`
  );
}

/** Section 9 of docs/benchmarks.md: issue 12's live quotes with the fan-out alongside. */
export function renderQuotes(
  r: BenchResults,
  opts: BenchOptions,
  row: StepRow,
  header: string,
): string[] {
  if (!r.quotes) return [];
  const rows: [string, QuotesResult | undefined][] = [
    ['reference', r.quotes.reference],
    ['stock-chat', r.quotes.stockChat],
  ];
  const out = [
    '## 9. Live quotes (issue 12)',
    '',
    `${opts.quoteClients} clients in ${opts.quoteRooms} ticker rooms. Once a second the host pushes ` +
      `${opts.quoteSymbols} symbols through \`POST /api/server/quotes\` (calls of 1,000 sent together; ` +
      `the ${opts.quoteRooms} rooms' symbols spread over them, the others without subscribers), every ` +
      `quote of a round carrying the round's start as \`ts\`. Meanwhile the fan-out workload runs on the ` +
      `same clients (${opts.rate} messages/s over the rooms). For every subscribed socket and round, ` +
      '"latest quote" is the time from the round\'s `ts` until the socket held a quote of its room at ' +
      'least that new (a later round covers an earlier one, as coalescing intends); a round a socket ' +
      'never caught up with counts as missing, and p99 is taken over every pair (more than 1% missing: ' +
      'n/a). The reference takes the same pushes with no key, validation or coalescing. Both servers ' +
      `run side by side; ${opts.repeat} measured runs of ${opts.durationMs / 1000} s each after a ` +
      'warm-up, alternating; the fan-out run with the median p99 is marked *.',
    '',
    '| server | rounds | calls 200 | symbols/s | call p50 ms | call p99 ms | quotes received | missing | latest quote p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, q] of rows)
    for (const run of q?.runs ?? [])
      out.push(quoteRow(run === q?.median ? `${name} *` : name, run));
  out.push('', 'The fan-out during the same runs:', '', header);
  for (const [name, q] of rows)
    for (const run of q?.runs ?? [])
      out.push(row(run === q?.median ? `${name} *` : name, run.fanout));
  out.push('');
  return out;
}

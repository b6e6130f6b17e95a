import { parseArgs } from 'node:util';
import { runDiagnostics, type DiagnoseReport } from '../../admin/src/diagnose/index.js';
import type { Command } from './commands.js';

const USAGE = `usage: stock-chat diagnose --url <server> --token <jwt> [options]
       (npm run diagnose -- ... in a checkout)

  --url <url>        server origin, e.g. http://localhost:3000 (or STOCK_CHAT_URL)
  --token <jwt>      a chat token, used by every client (or STOCK_CHAT_TOKEN)
  --token2 <jwt>     a token for the second client (default: --token)
  --room <$TICKER>   ticker room the suite talks in (default $DIAG)
  --clients <K>      clients in the broadcast check (default 5)
  --samples <N>      ping samples for the RTT check (default 20)
  --timeout <ms>     per-step timeout (default 5000)
  --json             print the report as JSON only
  -h, --help         this text`;

function parse(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      token2: { type: 'string' },
      room: { type: 'string' },
      clients: { type: 'string' },
      samples: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return values;
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`${flag} must be a positive integer`);
  return n;
}

function printLine(report: DiagnoseReport['checks'][number]): void {
  const mark = report.ok ? 'PASS' : 'FAIL';
  const details = report.details
    ? ' ' +
      Object.entries(report.details)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
    : '';
  const reason = report.reason ? ` — ${report.reason}` : '';
  console.log(`${mark}  ${report.name} (${report.durationMs} ms)${reason}${details}`);
}

async function run(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const url = values.url ?? process.env.STOCK_CHAT_URL;
  const token = values.token ?? process.env.STOCK_CHAT_TOKEN;
  if (!url || !token) {
    console.error(`--url and --token are required\n\n${USAGE}`);
    return 2;
  }
  let report: DiagnoseReport;
  try {
    report = await runDiagnostics({
      url,
      token,
      secondToken: values.token2,
      room: values.room,
      clients: count(values.clients, '--clients'),
      samples: count(values.samples, '--samples'),
      timeoutMs: count(values.timeout, '--timeout'),
      onProgress: values.json
        ? undefined
        : (p) => {
            if (p.type === 'end') printLine(p.result);
          },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(
      `\n${report.passed}/${report.checks.length} checks passed in ${report.durationMs} ms against ${report.url}`,
    );
  }
  return report.ok ? 0 : 1;
}

/**
 * Runs the live connection test suite against a running server, as a real client
 * would: 0 only when every check passes, 1 when one fails, 2 on a usage error. The
 * caller exits the process: a failed check may leave a reconnecting client behind.
 */
export const diagnose: Command = {
  summary: 'run the live connection test suite against a server (--url --token)',
  run,
};

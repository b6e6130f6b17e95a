import { parseArgs } from 'node:util';

export type BenchName =
  | 'fanout'
  | 'saturation'
  | 'connections'
  | 'store'
  | 'hot-room'
  | 'two-nodes'
  | 'storm'
  | 'abuse'
  | 'quotes';
export const BENCH_NAMES: BenchName[] = [
  'fanout',
  'saturation',
  'connections',
  'store',
  'hot-room',
  'two-nodes',
  'storm',
  'abuse',
  'quotes',
];

/** Every knob of `npm run bench`, with its default. */
export interface BenchOptions {
  only: BenchName[];
  quick: boolean;
  /** Fan-out and saturation workload. */
  clients: number;
  rooms: number;
  rate: number;
  durationMs: number;
  warmupMs: number;
  /** Measured fan-out steps per server, alternating; the median p99 is checked. */
  repeat: number;
  workers: number;
  /** Saturation: first rate, growth factor per step, step length. */
  satStart: number;
  satFactor: number;
  satStepMs: number;
  satMaxRate: number;
  /** Climbs of the ladder per server; the median highest held rate is checked. */
  satRepeat: number;
  /** Connections benchmark. */
  connections: number;
  connWorkers: number;
  connRooms: number;
  pingIntervalMs: number;
  holdMs: number;
  /** Hot room (issue 13): clients in one ticker room, messages/s, load-generator processes. */
  hotClients: number;
  hotRate: number;
  hotWorkers: number;
  /** Reconnect storm (issue 13): clients, their rooms, load-generator processes, give-up time, runs per server. */
  stormClients: number;
  stormRooms: number;
  stormWorkers: number;
  stormTimeoutMs: number;
  stormRepeat: number;
  /** Live quotes (issue 12): clients, their ticker rooms, symbols pushed once a second. */
  quoteClients: number;
  quoteRooms: number;
  quoteSymbols: number;
  /** Store benchmark: size of the big room and how often each query is timed. */
  storeMessages: number;
  storeRepeat: number;
  /** Where the Markdown report goes ('' = nowhere) and the raw JSON results. */
  out: string;
  json: string;
  /** Adds `--cpu-prof` to the stock-chat server process (profiles land in .tmp/bench/prof). */
  profile: boolean;
  /** Nice value for the servers and load generators (e.g. -5): both servers alike, 0 leaves them be. */
  nice: number;
  /** Which servers to run: both by default. */
  servers: ('reference' | 'stock-chat')[];
}

const usage = `npm run bench -- [options]
  --only fanout|saturation|connections|store|hot-room|two-nodes|storm|abuse|quotes   (repeatable or comma-separated)
  --quick                 short smoke run with small numbers (writes no report unless --out)
  --clients N --rooms N --rate MSG_PER_S --duration S --warmup S --repeat N --workers N
  --sat-start MSG_PER_S --sat-factor F --sat-step S --sat-max MSG_PER_S --sat-repeat N
  --connections N --conn-workers N --ping-interval MS --hold S
  --store-messages N --store-repeat N
  --hot-clients N --hot-rate MSG_PER_S --hot-workers N
  --storm-clients N --storm-rooms N --storm-workers N --storm-timeout S --storm-repeat N
  --quote-clients N --quote-rooms N --quote-symbols N
  --server reference|stock-chat   (only one of them)
  --out FILE (default docs/benchmarks.md) --json FILE --profile
  --nice=N   run servers and load generators at this nice value (negative needs root; same for both servers)`;

/** Parses the command line; `--quick` scales every default down to a smoke run. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      clients: { type: 'string' },
      rooms: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      repeat: { type: 'string' },
      workers: { type: 'string' },
      'sat-start': { type: 'string' },
      'sat-factor': { type: 'string' },
      'sat-step': { type: 'string' },
      'sat-max': { type: 'string' },
      'sat-repeat': { type: 'string' },
      connections: { type: 'string' },
      'conn-workers': { type: 'string' },
      'ping-interval': { type: 'string' },
      hold: { type: 'string' },
      'store-messages': { type: 'string' },
      'hot-clients': { type: 'string' },
      'hot-rate': { type: 'string' },
      'hot-workers': { type: 'string' },
      'storm-clients': { type: 'string' },
      'storm-rooms': { type: 'string' },
      'storm-workers': { type: 'string' },
      'storm-timeout': { type: 'string' },
      'storm-repeat': { type: 'string' },
      'quote-clients': { type: 'string' },
      'quote-rooms': { type: 'string' },
      'quote-symbols': { type: 'string' },
      'store-repeat': { type: 'string' },
      server: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'string' },
      profile: { type: 'boolean', default: false },
      nice: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const num = (v: string | undefined, fallback: number, quickFallback = fallback) => {
    if (v === undefined) return quick ? quickFallback : fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${v}\n${usage}`);
    return n;
  };
  const only = (values.only ?? []).flatMap((v) => v.split(',')).filter(Boolean);
  for (const name of only) {
    if (!BENCH_NAMES.includes(name as BenchName))
      throw new Error(`unknown benchmark ${name}\n${usage}`);
  }
  const server = values.server;
  if (server && server !== 'reference' && server !== 'stock-chat')
    throw new Error(`unknown server ${server}`);
  const pingIntervalMs = num(values['ping-interval'], 5_000, 1_000);
  return {
    only: only.length ? (only as BenchName[]) : BENCH_NAMES,
    quick,
    clients: num(values.clients, 1_000, 40),
    rooms: num(values.rooms, 10, 4),
    rate: num(values.rate, 200, 40),
    durationMs: num(values.duration, 10, 2) * 1000,
    warmupMs: num(values.warmup, 2, 0.5) * 1000,
    repeat: Math.max(1, num(values.repeat, 3, 1)),
    workers: num(values.workers, 2, 1),
    satStart: num(values['sat-start'], 200, 40),
    satFactor: num(values['sat-factor'], 1.25, 2),
    satStepMs: num(values['sat-step'], 4, 1) * 1000,
    satMaxRate: num(values['sat-max'], 20_000, 160),
    satRepeat: Math.max(1, num(values['sat-repeat'], 3, 1)),
    connections: num(values.connections, 10_000, 200),
    connWorkers: num(values['conn-workers'], 4, 1),
    connRooms: 100,
    pingIntervalMs,
    holdMs: num(values.hold, (pingIntervalMs * 2.5) / 1000, (pingIntervalMs * 2.5) / 1000) * 1000,
    hotClients: num(values['hot-clients'], 5_000, 200),
    hotRate: num(values['hot-rate'], 10, 10),
    hotWorkers: num(values['hot-workers'], 3, 1),
    stormClients: num(values['storm-clients'], 10_000, 200),
    stormRooms: num(values['storm-rooms'], 100, 10),
    stormWorkers: num(values['storm-workers'], 4, 1),
    stormTimeoutMs: num(values['storm-timeout'], 120, 30) * 1000,
    stormRepeat: Math.max(1, num(values['storm-repeat'], 3, 1)),
    quoteClients: num(values['quote-clients'], 1_000, 100),
    quoteRooms: Math.max(1, num(values['quote-rooms'], 100, 10)),
    quoteSymbols: num(values['quote-symbols'], 2_000, 200),
    storeMessages: num(values['store-messages'], 1_000_000, 20_000),
    storeRepeat: num(values['store-repeat'], 50, 10),
    out: values.out ?? (quick ? '' : 'docs/benchmarks.md'),
    json: values.json ?? '',
    profile: values.profile ?? false,
    nice: values.nice === undefined ? 0 : Number(values.nice),
    servers: server ? [server as 'reference' | 'stock-chat'] : ['reference', 'stock-chat'],
  };
}

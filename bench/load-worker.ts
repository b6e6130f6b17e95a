/**
 * A load-generator process, forked by the bench runner. It opens its share of
 * the clients, subscribes them to their rooms, sends at the requested rate from
 * its sender clients and measures send-to-receive latency on every receiver.
 */
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import jwt from 'jsonwebtoken';
import { io, type Socket } from 'socket.io-client';
import { emitWithAck, unwrapAck } from '../protocol/ack.js';
import type {
  Ack,
  ClientToServerEvents,
  Message,
  MessagesPage,
  Quote,
  SendMessageData,
} from '../protocol/wire.js';
import {
  decodeText,
  encodeText,
  now,
  type ClientSpec,
  type QuerySpec,
  type WorkerReply,
  type WorkerRequest,
} from './protocol.js';
import { quoteStats } from './quote-stats.js';
import { Histogram } from './stats.js';

interface Client {
  spec: ClientSpec;
  socket: Socket;
  /** Last seq seen in the room (from join), what `sync` asks after. */
  lastSeq: number;
  /** When the last re-sync after a reconnect completed (0: never). */
  resyncedAt: number;
  /** `quote` events of the client's room since the last `quotes` request: [ts, received at]. */
  quotes: [number, number][];
}

const clients: Client[] = [];
let disconnects = 0;
const reasons: Record<string, number> = {};

let currentStep = -1;
let latency = new Histogram();
let ackLatency = new Histogram();
let receivedByRoom: Record<string, number> = {};
let sentByRoom: Record<string, number> = {};
let acked = 0;
let ackErrors = 0;
let ackErrorSample: string[] = [];
let stale = 0;
let stepStartedAt = 0;
/** Worst latency per 250 ms of send time: shows whether a tail is one stall or spread out. */
let worstBySlot: number[] = [];
let sendTimer: NodeJS.Timeout | undefined;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

const reply = (message: WorkerReply) => process.send?.(message);
/** Keeps clientIds unique across runs, in case a data directory is reused (`--store` seeding, `dataDir`). */
const runId = randomBytes(4).toString('hex');

function onMessage(message: Message): void {
  const decoded = decodeText(message.text);
  if (!decoded) return;
  if (decoded.step !== currentStep) {
    stale++;
    return;
  }
  const ms = now() - decoded.sentAt;
  latency.record(ms);
  const slot = Math.max(0, Math.floor((decoded.sentAt - stepStartedAt) / 250));
  if (slot < 4_000 && !(worstBySlot[slot] >= ms)) worstBySlot[slot] = ms;
  receivedByRoom[message.room] = (receivedByRoom[message.room] ?? 0) + 1;
}

/** Reconnect storm: each client's re-sync time, and rejoins/syncs answered with an error. */
let resyncFailures = 0;
const resyncErrors: string[] = [];

async function resync(client: Client): Promise<void> {
  const room = client.spec.room;
  if (!room) return;
  try {
    const joined = unwrapAck(
      await emitWithAck<ClientToServerEvents, 'join_chat'>(
        client.socket,
        'join_chat',
        { room },
        30_000,
      ),
    );
    unwrapAck(
      await emitWithAck<ClientToServerEvents, 'sync'>(
        client.socket,
        'sync',
        { rooms: [{ room, lastSeq: client.lastSeq }] },
        30_000,
      ),
    );
    client.lastSeq = Math.max(client.lastSeq, joined.lastSeq);
    client.resyncedAt = now();
  } catch (error) {
    resyncFailures++;
    if (resyncErrors.length < 5) resyncErrors.push((error as Error).message);
    // A client following the protocol tries again; the failure stays counted.
    if (client.socket.connected) setTimeout(() => void resync(client), 1_000);
  }
}

function connectOne(url: string, secret: string, spec: ClientSpec): Promise<number> {
  const started = now();
  const token = jwt.sign({ sub: spec.user, name: spec.user }, secret, {
    algorithm: 'HS256',
    expiresIn: '2h',
  });
  const socket = io(spec.url ?? url, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    // The widget's reconnection settings (socket.io-client adds its 0.5 randomization).
    ...(spec.reconnect
      ? { reconnection: true, reconnectionDelay: 500, reconnectionDelayMax: 4_000 }
      : { reconnection: false }),
    timeout: 30_000,
  });
  return new Promise((resolve, reject) => {
    let client: Client | undefined;
    socket.once('connect_error', (error) => {
      if (client) return;
      socket.close();
      reject(error);
    });
    socket.on('connect', () => {
      if (client) return void resync(client);
      const self: Client = { spec, socket, lastSeq: 0, resyncedAt: 0, quotes: [] };
      client = self;
      socket.on('disconnect', (reason) => {
        disconnects++;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      });
      socket.on('new_message', onMessage);
      socket.on('quote', (quote: Quote) => self.quotes.push([quote.ts, now()]));
      clients.push(self);
      if (!spec.room) return resolve(now() - started);
      emitWithAck<ClientToServerEvents, 'join_chat'>(
        socket,
        'join_chat',
        { room: spec.room },
        30_000,
      )
        .then(unwrapAck)
        .then(
          (joined) => {
            self.lastSeq = joined.lastSeq;
            resolve(now() - started);
          },
          (err: Error) => reject(new Error(`join_chat: ${err.message}`)),
        );
    });
  });
}

async function connectAll(
  url: string,
  secret: string,
  specs: ClientSpec[],
  concurrency: number,
): Promise<WorkerReply> {
  const connectMs = new Histogram();
  const errors: string[] = [];
  const joinedByRoom: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < specs.length) {
      const spec = specs[next++];
      try {
        connectMs.record(await connectOne(url, secret, spec));
        ok++;
        if (spec.room) joinedByRoom[spec.room] = (joinedByRoom[spec.room] ?? 0) + 1;
      } catch (error) {
        failed++;
        if (errors.length < 5) errors.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return {
    id: 0,
    type: 'connected',
    ok,
    failed,
    errors,
    connectMs: connectMs.toJSON(),
    joinedByRoom,
  };
}

function startStep(step: number, ratePerSender: number, durationMs: number): Promise<void> {
  clearInterval(sendTimer);
  currentStep = step;
  latency = new Histogram();
  ackLatency = new Histogram();
  receivedByRoom = {};
  sentByRoom = {};
  acked = 0;
  ackErrors = 0;
  ackErrorSample = [];
  stale = 0;
  stepStartedAt = now();
  worstBySlot = [];
  loopDelay.reset();
  const senders = clients.filter((c) => c.spec.sender && c.socket.connected);
  const sent = senders.map(() => 0);
  // Each sender's schedule starts at its own random phase within one period. Without it every
  // sender of a worker crossed its next send at the same instant (100 senders at 2 msg/s sent
  // 100 messages in the same millisecond twice a second), a lockstep no real room has.
  const phase = senders.map(() => Math.random());
  const started = performance.now();
  return new Promise((resolve) => {
    const tick = () => {
      const elapsed = Math.min(performance.now() - started, durationMs);
      // Open loop: each sender catches up to rate x elapsed, whatever the server's pace.
      senders.forEach((client, i) => {
        const room = client.spec.room as string;
        const due = Math.floor((ratePerSender * elapsed) / 1000 + phase[i]!);
        while (sent[i] < due) {
          sent[i]++;
          sentByRoom[room] = (sentByRoom[room] ?? 0) + 1;
          const sentAt = now();
          const payload = {
            room,
            text: encodeText(step, sentAt),
            clientId: `${runId}-${step}-${client.spec.user}-${sent[i]}`,
          };
          client.socket.emit('send_message', payload, (answer: Ack<SendMessageData>) => {
            if (answer?.ok) {
              acked++;
              ackLatency.record(now() - sentAt);
            } else {
              ackErrors++;
              if (ackErrorSample.length < 5) ackErrorSample.push(JSON.stringify(answer));
            }
          });
        }
      });
      if (elapsed >= durationMs) {
        clearInterval(sendTimer);
        resolve();
      }
    };
    sendTimer = setInterval(tick, 2);
  });
}

async function runQueries(queries: QuerySpec[], repeat: number): Promise<WorkerReply> {
  const socket = clients[0]?.socket;
  if (!socket) throw new Error('no connected client to query with');
  const results = [];
  for (const q of queries) {
    const timesMs: number[] = [];
    const errors: string[] = [];
    let count = 0;
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      const answer = (await socket
        .timeout(30_000)
        .emitWithAck(q.event, q.payload)) as Ack<MessagesPage>;
      timesMs.push(performance.now() - t0);
      if (answer.ok) count = answer.data.messages.length;
      else if (errors.length < 3) errors.push(answer.error.message);
    }
    results.push({ label: q.label, timesMs, count, errors });
  }
  return { id: 0, type: 'queried', results };
}

/** Ticker `$` + letters for join i of a flood: 10,000 distinct rooms. */
function floodTicker(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `$Z${s}`;
}

/**
 * Issue 8's abuse, from the first client: 10,000 `join_chat` of distinct tickers,
 * 200 in flight at a time; or 50,000 `typing` into `room` in bursts of 1,000, then a
 * `ping` whose answer shows the server has read them all.
 */
async function flood(kind: 'join' | 'typing', room: string): Promise<WorkerReply> {
  const socket = clients[0]?.socket;
  if (!socket) throw new Error('no connected client to flood with');
  const started = performance.now();
  const out = { sent: 0, ok: 0, rateLimited: 0, other: 0 };
  if (kind === 'join') {
    for (let batch = 0; batch < 50; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, k) =>
          (
            socket.timeout(30_000).emitWithAck('join_chat', {
              room: floodTicker(batch * 200 + k),
            }) as Promise<Ack<unknown>>
          ).catch(() => null),
        ),
      );
      out.sent += answers.length;
      for (const a of answers) {
        if (a?.ok) out.ok++;
        else if (a?.error.code === 'rate_limited') out.rateLimited++;
        else out.other++;
      }
    }
  } else {
    for (let i = 0; i < 50_000; i++) {
      socket.emit('typing', { room, typing: i % 2 === 0 });
      out.sent++;
      if (i % 1000 === 999) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await socket.timeout(60_000).emitWithAck('ping', { t: 1 });
  }
  return { id: 0, type: 'flooded', ...out, ms: performance.now() - started };
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.type) {
    case 'connect':
      return connectAll(request.url, request.secret, request.clients, request.concurrency);
    case 'step':
      await startStep(request.step, request.ratePerSender, request.durationMs);
      return { id: 0, type: 'stepped' };
    case 'collect':
      return {
        id: 0,
        type: 'stats',
        sentByRoom,
        receivedByRoom,
        acked,
        ackErrors,
        ackErrorSample,
        latency: latency.toJSON(),
        ackLatency: ackLatency.toJSON(),
        stale,
        worstBySlot: Array.from(worstBySlot, (v) => v ?? 0),
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        loopDelayMaxMs: loopDelay.max / 1e6,
      };
    case 'status':
      return {
        id: 0,
        type: 'status',
        connected: clients.filter((c) => c.socket.connected).length,
        disconnects,
        reasons,
      };
    case 'recovery': {
      const resyncMs = new Histogram();
      let resynced = 0;
      for (const c of clients) {
        if (c.resyncedAt <= request.since) continue;
        resynced++;
        resyncMs.record(c.resyncedAt - request.since);
      }
      return {
        id: 0,
        type: 'recovery',
        connected: clients.filter((c) => c.socket.connected).length,
        resynced,
        failures: resyncFailures,
        errorSample: resyncErrors,
        resyncMs: resyncMs.toJSON(),
      };
    }
    case 'flood':
      return flood(request.kind, request.room);
    case 'query':
      return runQueries(request.queries, request.repeat);
    case 'quotes':
      return { id: 0, ...quoteStats(clients, request.rounds) };
    case 'close':
      clearInterval(sendTimer);
      for (const c of clients) c.socket.close();
      return { id: 0, type: 'closed' };
  }
}

process.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (answer) => reply({ ...answer, id: request.id }),
    (error: Error) => reply({ id: request.id, type: 'error', message: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));

/**
 * The baseline the benchmarks compare against: a plain Socket.IO server of the
 * same version with no database, no auth and no validation. It speaks the
 * subset of the stock-chat protocol the load generator uses (`join_chat`,
 * `send_message` with an ack, `new_message` to the room, `history`/`sync` as
 * empty pages, `ping`), so both servers carry the same frames. For the live-quotes
 * benchmark it also takes `POST /api/server/quotes` (no key, no validation, no
 * coalescing): it keeps the newest quote per symbol, emits it to the ticker room
 * (volatile) and sends a joining socket its room's latest.
 *
 * Run as a forked child: `PORT`, `HOST`, `PING_INTERVAL_MS`, `PING_TIMEOUT_MS`
 * come from the environment; it reports `{ type: 'ready', port }` over IPC.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Ack, Message, Quote } from '../protocol/wire.js';

type Answer = (answer: Ack<unknown>) => void;

const env = process.env;
const latestQuote = new Map<string, Quote>();

function pushQuotes(body: string): number {
  const quotes = JSON.parse(body) as Quote[];
  for (const q of quotes) {
    const held = latestQuote.get(q.symbol);
    if (held && held.ts > q.ts) continue;
    latestQuote.set(q.symbol, q);
    io.to(`$${q.symbol}`).volatile.emit('quote', q);
  }
  return quotes.length;
}

const http = createServer((req, res) => {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.method === 'POST' && req.url === '/api/server/quotes') {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        reply(200, { accepted: pushQuotes(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        reply(400, { error: 'bad quotes' });
      }
    });
    return;
  }
  reply(req.url === '/health' ? 200 : 404, { status: 'ok', connections: io.engine.clientsCount });
});
const io = new Server(http, {
  pingInterval: Number(env.PING_INTERVAL_MS ?? 25_000),
  pingTimeout: Number(env.PING_TIMEOUT_MS ?? 20_000),
  maxHttpBufferSize: 64 * 1024,
  serveClient: false,
});

const lastSeq = new Map<string, number>();
const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

io.on('connection', (socket) => {
  const sender = {
    id: String(asRecord(socket.handshake.auth).sub ?? socket.id),
    name: 'bench',
    kind: 'user' as const,
  };

  socket.on('join_chat', (payload: unknown, ack: Answer) => {
    const room = String(asRecord(payload).room);
    void socket.join(room);
    ack?.({
      ok: true,
      data: { room, lastSeq: lastSeq.get(room) ?? 0, readSeq: 0, memberCount: 0 },
    });
    const quote = latestQuote.get(room.slice(1));
    if (quote) socket.emit('quote', quote);
  });

  socket.on('send_message', (payload: unknown, ack: Answer) => {
    const p = asRecord(payload);
    const room = String(p.room);
    const seq = (lastSeq.get(room) ?? 0) + 1;
    lastSeq.set(room, seq);
    const message: Message = {
      id: randomUUID(),
      room,
      seq,
      clientId: String(p.clientId),
      sender,
      text: String(p.text),
      createdAt: new Date().toISOString(),
      cashtags: [],
      rev: seq,
      mentions: [],
      reactions: [],
    };
    ack?.({ ok: true, data: { message } });
    io.to(room).emit('new_message', message);
  });

  // The abuse scenario's last event: its answer shows every earlier frame was read.
  socket.on('ping', (payload: unknown, ack: Answer) =>
    ack?.({ ok: true, data: { t: asRecord(payload).t, serverTime: Date.now() } }),
  );

  const emptyPage: Answer = () => undefined;
  socket.on('history', (_payload: unknown, ack: Answer = emptyPage) =>
    ack({ ok: true, data: { messages: [], hasMore: false } }),
  );
  socket.on('sync', (_payload: unknown, ack: Answer = emptyPage) =>
    ack({ ok: true, data: { messages: [], hasMore: false } }),
  );
});

http.listen(Number(env.PORT ?? 0), env.HOST ?? '127.0.0.1', () => {
  const port = (http.address() as AddressInfo).port;
  process.send?.({ type: 'ready', port });
});

const shutdown = () => {
  void io.close();
  setTimeout(() => process.exit(0), 500).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.on('disconnect', shutdown);

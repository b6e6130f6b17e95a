import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server, type ServerOptions, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import {
  enableDirectBroadcast,
  type BroadcastPaths,
} from '../../server/realtime/direct-broadcast.js';
import { joinedClient, sendText } from '../support/chat.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { nextEvent, startServer, type ClientSocket as ProtocolSocket } from '../support/server.js';

/** A plain Socket.IO server on a real loopback port with the direct path on, and its clients. */
async function directServer(options: Partial<ServerOptions> = {}) {
  const http: HttpServer = createServer();
  const io = new Server(http, { serveClient: false, ...options });
  const direct = enableDirectBroadcast(io);
  /** Engine.IO packets created for each server socket: the ordinary path's trace. */
  const created = new Map<string, number>();
  const clients: ClientSocket[] = [];
  io.on('connection', (socket) => {
    created.set(socket.id, 0);
    socket.conn.on('packetCreate', (packet: { type: string }) => {
      if (packet.type === 'message') created.set(socket.id, (created.get(socket.id) ?? 0) + 1);
    });
    socket.on('join', (room: string, ack: () => void) => {
      void socket.join(room);
      ack();
    });
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    io,
    url,
    created,
    paths: direct.paths,
    /** A connected client and its socket on the server. */
    async client(
      transports: ('websocket' | 'polling')[],
      room?: string,
      opts: { reconnection?: boolean } = {},
    ): Promise<{ client: ClientSocket; server: ServerSocket }> {
      const c = connect(url, {
        transports,
        forceNew: true,
        reconnection: opts.reconnection ?? false,
      });
      clients.push(c);
      await new Promise((resolve) => c.once('connect', () => resolve(undefined)));
      if (room) await c.timeout(2000).emitWithAck('join', room);
      const server = io.sockets.sockets.get(c.id!);
      assert.ok(server, 'the server knows the socket');
      return { client: c, server };
    },
    async close() {
      for (const c of clients) c.close();
      direct.disable();
      await io.close();
    },
  };
}

/** Records every `event` the client gets, in order. */
function record(c: ClientSocket, event: string): unknown[] {
  const got: unknown[] = [];
  c.on(event, (value: unknown) => got.push(value));
  return got;
}

/** Waits for the `event` carrying `value` (these sockets speak no protocol of ours). */
const arrival = (c: ClientSocket, event: string, value?: unknown) =>
  nextEvent(c as unknown as ProtocolSocket, event, (v) => value === undefined || v === value, 5000);

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const delta = (paths: BroadcastPaths, before: BroadcastPaths) => ({
  direct: paths.direct - before.direct,
  fallback: paths.fallback - before.fallback,
});

describe('enableDirectBroadcast (room broadcasts written straight to each WebSocket)', () => {
  let server: Awaited<ReturnType<typeof directServer>>;
  let io: Server;
  let created: Map<string, number>;
  const client = (transports: ('websocket' | 'polling')[], room?: string) =>
    server.client(transports, room);

  before(async () => {
    server = await directServer();
    io = server.io;
    created = server.created;
  });
  after(() => server.close());

  it('delivers to WebSocket and polling clients in order, the WebSocket one without engine.io packets', async () => {
    const ws = await client(['websocket'], 'r1');
    const polling = await client(['polling'], 'r1');
    const outside = await client(['websocket']);
    let strays = 0;
    outside.client.on('m', () => (strays += 1));
    const before = { ws: created.get(ws.server.id)!, polling: created.get(polling.server.id)! };
    const atWs = record(ws.client, 'm');
    const atPolling = record(polling.client, 'm');
    const done = Promise.all([arrival(ws.client, 'm', 50), arrival(polling.client, 'm', 50)]);
    for (let i = 1; i <= 50; i++) io.to('r1').emit('m', i);
    await done;
    const expected = Array.from({ length: 50 }, (_, i) => i + 1);
    assert.deepEqual(atWs, expected);
    assert.deepEqual(atPolling, expected);
    assert.equal(
      created.get(ws.server.id)! - before.ws,
      0,
      'no engine.io packet for the WebSocket',
    );
    assert.equal(
      created.get(polling.server.id)! - before.polling,
      50,
      'polling takes the ordinary path',
    );
    assert.equal(strays, 0, 'a socket outside the room hears nothing');
  });

  it('never lets a broadcast overtake packets engine.io still holds for the socket', async () => {
    const ws = await client(['websocket'], 'r2');
    const order: string[] = [];
    ws.client.onAny((event: string, value: unknown) =>
      order.push(event === 'big' ? 'big' : `${event}:${String(value)}`),
    );
    const done = arrival(ws.client, 'm', 20);
    // A large packet keeps the transport busy (not writable until its write completes),
    // so the next one waits in engine.io's write buffer.
    ws.server.emit('big', 'x'.repeat(8 * 1024 * 1024));
    ws.server.emit('second', 2);
    for (let i = 1; i <= 20; i++) io.to('r2').emit('m', i);
    await done;
    assert.deepEqual(order, [
      'big',
      'second:2',
      ...Array.from({ length: 20 }, (_, i) => `m:${i + 1}`),
    ]);
  });

  it('drops a volatile broadcast for a client that is behind, and still sends the next message', async () => {
    const ws = await client(['websocket'], 'r4');
    const order: string[] = [];
    ws.client.onAny((event: string) => order.push(event));
    const done = arrival(ws.client, 'after');
    // More than the loopback socket takes at once: the rest waits in the server's socket buffer.
    io.to('r4').emit('big', 'x'.repeat(32 * 1024 * 1024));
    io.to('r4').volatile.emit('typing', 1);
    io.to('r4').emit('after', 2);
    await done;
    assert.deepEqual(order, ['big', 'after']);
  });

  it('leaves out excepted sockets and delivers a volatile broadcast to an idle WebSocket', async () => {
    const a = await client(['websocket'], 'r3');
    const b = await client(['websocket'], 'r3');
    const atA = record(a.client, 'm');
    const done = arrival(a.client, 'm', 'volatile');
    let atB = 0;
    b.client.on('m', () => (atB += 1));
    io.to('r3').except(b.server.id).emit('m', 'not for b');
    io.local.to('r3').volatile.except(b.server.id).emit('m', 'volatile');
    await done;
    assert.deepEqual(atA, ['not for b', 'volatile']);
    // A round trip on b after both broadcasts: anything meant for it would have come first.
    await b.client.timeout(2000).emitWithAck('join', 'r3');
    assert.equal(atB, 0);
  });

  it('delivers a binary payload through Socket.IO, counted as a fallback', async () => {
    const ws = await client(['websocket'], 'bin');
    const before = { ...server.paths };
    const got = arrival(ws.client, 'bin');
    io.to('bin').emit('bin', Buffer.from([1, 2, 3, 250]));
    assert.deepEqual([...new Uint8Array((await got) as ArrayBuffer)], [1, 2, 3, 250]);
    assert.deepEqual(delta(server.paths, before), { direct: 0, fallback: 1 });
  });

  it('delivers in order to a client that upgrades from polling while broadcasts go out', async () => {
    // The broadcasts start as the server accepts the polling connection, so the upgrade
    // to WebSocket happens while they go out.
    const sent = new Promise<ServerSocket>((resolve) =>
      io.once('connection', async (socket) => {
        void socket.join('up');
        for (let i = 1; i <= 300; i++) {
          io.to('up').emit('m', i);
          if (i % 10 === 0) await new Promise((r) => setImmediate(r));
        }
        resolve(socket);
      }),
    );
    const c = connect(server.url, {
      transports: ['polling', 'websocket'],
      forceNew: true,
      reconnection: false,
    });
    try {
      const got = record(c, 'm');
      const done = arrival(c, 'm', 300);
      const socket = await sent;
      await done;
      assert.deepEqual(got, upTo(300));
      if (socket.conn.transport.name !== 'websocket') await once(socket.conn, 'upgrade');
      const before = { ...server.paths };
      const next = arrival(c, 'm', 301);
      io.to('up').emit('m', 301);
      await next;
      assert.deepEqual(
        delta(server.paths, before),
        { direct: 1, fallback: 0 },
        'direct once upgraded',
      );
    } finally {
      c.close();
    }
  });

  it('delivers every message by the ordinary path when a private field is not what it expects', async () => {
    const a = await client(['websocket'], 'odd');
    const b = await client(['websocket'], 'odd');
    // As if a ws upgrade changed a field the direct path reads (and ws and engine.io do not).
    const tcp = (a.server.conn.transport as unknown as { socket: { _socket: object } }).socket
      ._socket;
    Object.defineProperty(tcp, 'writableLength', { value: 'lots', configurable: true });
    const before = { ...server.paths };
    const atA = record(a.client, 'm');
    const atB = record(b.client, 'm');
    const done = Promise.all([arrival(a.client, 'm', 10), arrival(b.client, 'm', 10)]);
    for (let i = 1; i <= 10; i++) io.to('odd').emit('m', i);
    await done;
    assert.deepEqual(atA, upTo(10));
    assert.deepEqual(atB, upTo(10));
    assert.deepEqual(delta(server.paths, before), { direct: 10, fallback: 10 });
  });

  it('falls back for the whole broadcast when the pre-built frame is not a Buffer', async () => {
    const ws = await client(['websocket'], 'frame');
    const adapter = io.of('/').adapter as unknown as {
      _encode(packet: unknown, opts: { wsPreEncodedFrame?: unknown }): unknown[];
    };
    const encode = adapter._encode;
    adapter._encode = function (packet, opts) {
      const encoded = encode.call(this, packet, opts);
      opts.wsPreEncodedFrame = 'not a frame';
      return encoded;
    };
    try {
      const before = { ...server.paths };
      const got = arrival(ws.client, 'm', 'still here');
      io.to('frame').emit('m', 'still here');
      assert.equal(await got, 'still here');
      assert.deepEqual(delta(server.paths, before), { direct: 0, fallback: 1 });
    } finally {
      adapter._encode = encode;
    }
  });
});

describe('enableDirectBroadcast with other Socket.IO set-ups', () => {
  it('takes the ordinary path for every client when permessage-deflate is on', async () => {
    const server = await directServer({ perMessageDeflate: { threshold: 0 } });
    try {
      const ws = await server.client(['websocket'], 'z');
      const got = record(ws.client, 'm');
      const done = arrival(ws.client, 'm', 20);
      for (let i = 1; i <= 20; i++) server.io.to('z').emit('m', i);
      await done;
      assert.deepEqual(got, upTo(20));
      assert.deepEqual(server.paths, { direct: 0, fallback: 20 });
    } finally {
      await server.close();
    }
  });

  it('recovers what a client missed while away, with connection-state recovery on', async () => {
    const server = await directServer({
      connectionStateRecovery: { maxDisconnectionDuration: 10_000 },
    });
    try {
      const c = await server.client(['websocket'], 'rec', { reconnection: true });
      assert.equal(
        await (async () => {
          const got = arrival(c.client, 'm', 1);
          server.io.to('rec').emit('m', 1);
          return got;
        })(),
        1,
      );
      assert.equal(server.paths.direct, 1, 'direct while connected');
      const back = new Promise((resolve) => c.client.once('connect', () => resolve(undefined)));
      const gone = once(c.server, 'disconnect');
      // The transport drops (not a client disconnect): the session may be recovered.
      c.client.io.engine.close();
      await gone;
      server.io.to('rec').emit('m', 2);
      const missed = arrival(c.client, 'm', 2);
      await back;
      assert.equal(c.client.recovered, true, 'the session was recovered');
      assert.equal(await missed, 2);
    } finally {
      await server.close();
    }
  });

  it('writes directly on the node that receives a broadcast through the Redis adapter', async () => {
    const redis: RedisServer = await startRedis();
    const clients = [0, 1, 2, 3].map(() => createClient({ url: redis.url }));
    await Promise.all(clients.map((c) => c.connect()));
    const [one, two] = await Promise.all([directServer(), directServer()]);
    try {
      one.io.adapter(createAdapter(clients[0], clients[1]));
      two.io.adapter(createAdapter(clients[2], clients[3]));
      const here = await one.client(['websocket'], 'both');
      const there = await two.client(['websocket'], 'both');
      const done = Promise.all([arrival(here.client, 'm', 'x'), arrival(there.client, 'm', 'x')]);
      one.io.to('both').emit('m', 'x');
      await done;
      assert.deepEqual(one.paths, { direct: 1, fallback: 0 });
      assert.deepEqual(two.paths, { direct: 1, fallback: 0 }, 'the other node delivered directly');
    } finally {
      await Promise.all([one.close(), two.close()]);
      await Promise.all(clients.map((c) => c.quit()));
      await redis.stop();
    }
  });

  it("puts Socket.IO's own broadcast back once the last server turns it off", async () => {
    const { Adapter } = await import('socket.io-adapter');
    const original = Adapter.prototype.broadcast;
    const first = enableDirectBroadcast({});
    const second = enableDirectBroadcast({});
    assert.notEqual(Adapter.prototype.broadcast, original);
    first.disable();
    assert.notEqual(Adapter.prototype.broadcast, original, 'still on for the other');
    second.disable();
    second.disable();
    assert.equal(Adapter.prototype.broadcast, original);
  });
});

describe('DIRECT_BROADCAST and /metrics', () => {
  /** The deliveries /metrics reports by path after one message to a room of two. */
  async function deliveries(env: Record<string, string>) {
    const server = await startServer(env);
    try {
      const a = await joinedClient(server, 'path-a', '$PATHS');
      await joinedClient(server, 'path-b', '$PATHS');
      await sendText(a, '$PATHS', 'which way?');
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const count = (path: string) =>
        Number(
          new RegExp(`^stockchat_broadcast_deliveries_total\\{path="${path}"\\} (\\d+)$`, 'm').exec(
            text,
          )?.[1] ?? NaN,
        );
      return { direct: count('direct'), fallback: count('fallback') };
    } finally {
      await server.close();
    }
  }

  it('counts the deliveries of each path, direct by default', async () => {
    const paths = await deliveries({});
    assert.ok(paths.direct >= 2, `direct ${paths.direct}`);
    assert.equal(paths.fallback, 0);
  });

  it('sends every broadcast through Socket.IO with DIRECT_BROADCAST=off', async () => {
    const paths = await deliveries({ DIRECT_BROADCAST: 'off' });
    assert.deepEqual(paths, { direct: 0, fallback: 0 }, 'nothing goes the direct way');
    const { Adapter } = await import('socket.io-adapter');
    assert.equal(
      Adapter.prototype.broadcast.name,
      'broadcast',
      "Socket.IO's own broadcast is in place",
    );
  });
});

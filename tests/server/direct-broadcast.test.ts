import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { installDirectBroadcast } from '../../server/realtime/direct-broadcast.js';
import { nextEvent, type ClientSocket as ProtocolSocket } from '../support/server.js';

/** A plain Socket.IO server on a real loopback port, with the direct path installed. */
describe('installDirectBroadcast (room broadcasts written straight to each WebSocket)', () => {
  let http: HttpServer;
  let io: Server;
  let url: string;
  const clients: ClientSocket[] = [];
  /** Engine.IO packets created for each server socket: the ordinary path's trace. */
  const created = new Map<string, number>();

  before(async () => {
    installDirectBroadcast();
    http = createServer();
    io = new Server(http, { serveClient: false });
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
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const c of clients) c.close();
    await io.close();
  });

  /** A connected client (WebSocket or long-polling only) and its socket on the server. */
  async function client(
    transports: ('websocket' | 'polling')[],
    room?: string,
  ): Promise<{ client: ClientSocket; server: ServerSocket }> {
    const c = connect(url, { transports, forceNew: true, reconnection: false });
    clients.push(c);
    await new Promise((resolve) => c.once('connect', () => resolve(undefined)));
    if (room) await c.timeout(2000).emitWithAck('join', room);
    const server = io.sockets.sockets.get(c.id!);
    assert.ok(server, 'the server knows the socket');
    return { client: c, server };
  }

  /** Records every `event` the client gets, in order. */
  function record(c: ClientSocket, event: string): unknown[] {
    const got: unknown[] = [];
    c.on(event, (value: unknown) => got.push(value));
    return got;
  }

  /** Waits for the `event` carrying `value` (these sockets speak no protocol of ours). */
  const arrival = (c: ClientSocket, event: string, value?: unknown) =>
    nextEvent(
      c as unknown as ProtocolSocket,
      event,
      (v) => value === undefined || v === value,
      5000,
    );

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
});

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { corkPerTick } from '../../server/realtime/corked-ws.js';

describe('corkPerTick (one write per connection per tick, on a real loopback socket)', () => {
  const received: Buffer[][] = [];
  const server = createServer((peer) => {
    const chunks: Buffer[] = [];
    received.push(chunks);
    peer.on('data', (chunk: Buffer) => chunks.push(chunk));
  });
  after(() => new Promise<void>((done) => server.close(() => done())));

  async function connected(): Promise<Socket> {
    if (!server.listening) {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    }
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(socket, 'connect');
    return socket;
  }

  it('holds the writes of one tick and sends them together on the next', async () => {
    const socket = await connected();
    corkPerTick(socket);
    socket.write('one,');
    socket.write('two,');
    assert.equal(socket.writableCorked, 1, 'corked after the first write of the tick');
    socket.write('three', () => undefined);
    await new Promise((done) => process.nextTick(done));
    assert.equal(socket.writableCorked, 0, 'uncorked on the next tick');
    await new Promise((done) => setTimeout(done, 50));
    const chunks = received.at(-1)!;
    assert.equal(Buffer.concat(chunks).toString(), 'one,two,three');
    assert.equal(chunks.length, 1, 'the three writes left in one segment');
    socket.destroy();
  });

  it('corks again in a later tick, and a nested cork (ws frames) still flushes', async () => {
    const socket = await connected();
    corkPerTick(socket);
    socket.write('a');
    await new Promise((done) => setImmediate(done));
    socket.cork();
    socket.write('b');
    socket.write('c');
    socket.uncork();
    assert.equal(socket.writableCorked, 1, 'the tick cork holds past the inner uncork');
    await new Promise((done) => setTimeout(done, 50));
    assert.equal(Buffer.concat(received.at(-1)!).toString(), 'abc');
    socket.destroy();
  });

  it('uncorks every socket written in a tick with one tick callback, not one each', async () => {
    const sockets = await Promise.all([connected(), connected(), connected()]);
    for (const socket of sockets) corkPerTick(socket);
    const nextTick = process.nextTick;
    let scheduled = 0;
    process.nextTick = ((...args: Parameters<typeof nextTick>) => {
      scheduled += 1;
      nextTick(...args);
    }) as typeof nextTick;
    try {
      for (const socket of sockets) socket.write('x');
    } finally {
      process.nextTick = nextTick;
    }
    assert.equal(scheduled, 1, 'one tick callback for three sockets');
    assert.deepEqual(
      sockets.map((s) => s.writableCorked),
      [1, 1, 1],
    );
    await new Promise((done) => process.nextTick(done));
    assert.deepEqual(
      sockets.map((s) => s.writableCorked),
      [0, 0, 0],
      'all three uncorked on the next tick',
    );
    for (const socket of sockets) socket.destroy();
  });
});

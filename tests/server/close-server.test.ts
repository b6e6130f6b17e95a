import assert from 'node:assert/strict';
import { Agent, createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { closeServer } from '../../server/http/close-server.js';
import { startServer } from '../support/server.js';

/**
 * A server that answers after 50 ms, and a client that asks again 5 ms after each answer on
 * one kept-alive connection: at any moment a request is most likely in flight.
 */
async function busyKeepAlive(
  server: Server = createServer((_req, res) => setTimeout(() => res.end('ok'), 50)),
  path = '/',
): Promise<{ server: Server; stop: () => void }> {
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let running = true;
  const ask = () => {
    if (!running) return;
    const req = request({ port, host: '127.0.0.1', agent, path }, (res) => {
      res.resume();
      res.on('end', () => setTimeout(ask, 5));
    });
    req.on('error', () => undefined);
    req.end();
  };
  ask();
  await new Promise((resolve) => setTimeout(resolve, 120));
  return {
    server,
    stop: () => {
      running = false;
      agent.destroy();
    },
  };
}

const within = (p: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('closing the HTTP server', () => {
  it('closeServer ends that connection between two requests and resolves', async () => {
    const { server, stop } = await busyKeepAlive();
    try {
      assert.equal(await within(closeServer(server), 1_000), true);
      assert.equal(server.listening, false);
    } finally {
      stop();
    }
  });

  it('closeServer cuts a request that never ends after forceMs', async () => {
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const req = request({ port, host: '127.0.0.1', path: '/' });
    const cut = new Promise<string>((resolve) => req.on('error', (err) => resolve(err.message)));
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const t0 = performance.now();
    assert.equal(await within(closeServer(server, 300), 2_000), true);
    assert.ok(performance.now() - t0 >= 250, 'an in-flight request gets its grace first');
    assert.match(await cut, /socket hang up|ECONNRESET/);
  });
});

describe('app.close()', () => {
  it('ends while a client keeps retrying its handshake on a kept-alive connection', async () => {
    const server = await startServer();
    const { stop } = await busyKeepAlive(server.app.http, '/socket.io/?EIO=4&transport=polling');
    try {
      assert.equal(await within(server.close(), 5_000), true);
    } finally {
      stop();
    }
  });

  it('ends while a connection holds a request it never finishes sending', async () => {
    const server = await startServer();
    const half = connect(server.port, '127.0.0.1');
    await new Promise((resolve) => half.once('connect', resolve));
    // Headers without their closing blank line: Node waits for them up to requestTimeout (300 s).
    half.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const cut = new Promise((resolve) => half.once('close', resolve));
    try {
      assert.equal(await within(server.close(), 5_000), true, 'the close waited for the request');
      await cut;
    } finally {
      half.destroy();
    }
  });
});

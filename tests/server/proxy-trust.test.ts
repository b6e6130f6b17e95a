import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import Koa from 'koa';
import { loadConfig } from '../../server/config.js';
import { clientAddress } from '../../server/http/client-address.js';
import type { ConnectionsPage } from '../../protocol/admin.js';
import type { ErrorBody } from '../../protocol/wire.js';
import { parseTrustProxy, ProxyTrust } from '../../server/proxy-trust.js';
import { api, startServer, type TestServer } from '../support/server.js';

const NGINX = '10.0.0.5';
const CLIENT = '203.0.113.7';

describe('parseTrustProxy (TRUST_PROXY)', () => {
  it('reads false, true (one proxy), a hop count and a list of addresses and CIDR ranges', () => {
    assert.deepEqual(parseTrustProxy('false'), { hops: 0 });
    assert.deepEqual(parseTrustProxy('0'), { hops: 0 });
    assert.deepEqual(parseTrustProxy(''), { hops: 0 });
    assert.deepEqual(parseTrustProxy('true'), { hops: 1 });
    assert.deepEqual(parseTrustProxy('2'), { hops: 2 });
    assert.deepEqual(parseTrustProxy('10.0.0.0/8, 127.0.0.1,fd00::/8'), {
      ranges: ['10.0.0.0/8', '127.0.0.1', 'fd00::/8'],
    });
  });

  it('refuses anything else, and the server refuses to start naming the variable', () => {
    for (const bad of [
      'yes',
      '10.0.0.0/33',
      '10.0.0/8',
      'fd00::/129',
      '10.0.0.1/8/1',
      'nginx',
      ',',
    ])
      assert.equal(parseTrustProxy(bad), null, bad);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'yes' }),
      /TRUST_PROXY.*CIDR ranges/,
    );
    assert.deepEqual(loadConfig({ NODE_ENV: 'test' }).trustProxy, { hops: 0 });
  });
});

describe('ProxyTrust.clientAddress', () => {
  it('without a trusted proxy is the socket peer, whatever X-Forwarded-For says', () => {
    const off = new ProxyTrust({ hops: 0 });
    assert.equal(off.clientAddress(CLIENT, '1.2.3.4'), CLIENT);
    assert.equal(off.clientAddress(`::ffff:${CLIENT}`, undefined), CLIENT);
  });

  it('with one hop is the address the proxy appended, not one the client wrote in front of it', () => {
    const one = new ProxyTrust({ hops: 1 });
    assert.equal(one.clientAddress(NGINX, CLIENT), CLIENT);
    // A client rotating a spoofed header: nginx appends its real address on the right.
    for (const spoof of ['1.1.1.1', '1.1.1.1, 2.2.2.2', 'garbage', '::1'])
      assert.equal(one.clientAddress(NGINX, `${spoof}, ${CLIENT}`), CLIENT, spoof);
    // Two header lines count as one list, in order.
    assert.equal(one.clientAddress(NGINX, ['9.9.9.9', CLIENT]), CLIENT);
    // No header: a request that did not come through the proxy is its own client.
    assert.equal(one.clientAddress(CLIENT, undefined), CLIENT);
  });

  it('with two hops skips the outer proxy too, and with a short list stops at its left end', () => {
    const two = new ProxyTrust({ hops: 2 });
    assert.equal(two.clientAddress(NGINX, `6.6.6.6, ${CLIENT}, 198.51.100.1`), CLIENT);
    assert.equal(two.clientAddress(NGINX, CLIENT), CLIENT);
  });

  it('with CIDR ranges walks left past every trusted proxy, starting at a trusted peer', () => {
    const ranges = new ProxyTrust({ ranges: ['10.0.0.0/8', '2001:db8::/32'] });
    assert.equal(ranges.clientAddress(NGINX, `6.6.6.6, ${CLIENT}, 10.1.2.3`), CLIENT);
    assert.equal(ranges.clientAddress('::ffff:10.0.0.5', CLIENT), CLIENT);
    assert.equal(ranges.clientAddress('2001:db8::5', `2001:db8::9, ${CLIENT}`), CLIENT);
    // A peer outside the ranges is the client: its header is not read.
    assert.equal(ranges.clientAddress(CLIENT, '10.9.9.9'), CLIENT);
    // Every hop trusted: the left-most address is the client's.
    assert.equal(ranges.clientAddress(NGINX, '10.0.0.9'), '10.0.0.9');
  });

  it('reads an address with a port, and stops at the proxy that wrote something else', () => {
    const one = new ProxyTrust({ hops: 1 });
    assert.equal(one.clientAddress(NGINX, `${CLIENT}:50123`), CLIENT);
    assert.equal(one.clientAddress(NGINX, '[2001:db8::7]:443'), '2001:db8::7');
    assert.equal(one.clientAddress(NGINX, 'unknown'), NGINX);
    assert.equal(one.clientAddress(NGINX, ''), NGINX);
  });
});

/** The refusal code of a handshake that must fail. */
async function refused(attempt: Promise<unknown>): Promise<string | undefined> {
  const err = await attempt.then(
    () => assert.fail('the handshake was accepted'),
    (e: Error & { data?: ErrorBody }) => e,
  );
  return err.data?.code ?? err.message;
}

async function withServer(env: Record<string, string>, run: (s: TestServer) => Promise<void>) {
  const server = await startServer({ LIMIT_HANDSHAKE_FAILURES_PER_MINUTE: '3', ...env });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

describe('handshakes behind a reverse proxy (TRUST_PROXY)', () => {
  it('count failed sign-ins against the address the proxy appended, not the spoofed ones before it', () =>
    withServer({ TRUST_PROXY: '1' }, async (server) => {
      const via = (spoof: string, client: string) => ({
        headers: { 'x-forwarded-for': `${spoof}, ${client}` },
      });
      for (let i = 0; i < 3; i++)
        assert.equal(
          await refused(server.client('bad.token', via(`1.1.1.${i}`, CLIENT))),
          'unauthorized',
        );
      const good = await server.token('honest');
      assert.equal(await refused(server.client(good, via('7.7.7.7', CLIENT))), 'rate_limited');
      // Another client behind the same proxy is not locked out, and the console shows its address.
      await server.client(good, via(CLIENT, '198.51.100.10'));
      const admin = await server.token('ops', { admin: true });
      const page = await api<ConnectionsPage>(server.url, 'GET', '/api/admin/connections', admin);
      assert.deepEqual(
        page.body.items.map((c) => c.address),
        ['198.51.100.10'],
      );
    }));

  it("read no X-Forwarded-For from a peer outside TRUST_PROXY's ranges", () =>
    withServer({ TRUST_PROXY: '10.0.0.0/8' }, async (server) => {
      for (let i = 0; i < 3; i++) {
        const spoofed = { headers: { 'x-forwarded-for': `198.51.100.${i}` } };
        assert.equal(await refused(server.client('bad.token', spoofed)), 'unauthorized');
      }
      const good = await server.token('honest');
      const spoofed = { headers: { 'x-forwarded-for': '198.51.100.99' } };
      assert.equal(await refused(server.client(good, spoofed)), 'rate_limited');
    }));
});

describe('originGuard behind a reverse proxy', () => {
  const browser = {
    origin: 'https://chat.example.com',
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'chat.example.com' },
  };
  const listed = { ALLOWED_ORIGINS: 'https://host-site.example' };

  it("allows the page's own origin as a trusted proxy forwards it, without ALLOWED_ORIGINS listing it", () =>
    withServer({ ...listed, TRUST_PROXY: '1' }, async (server) => {
      const socket = await server.client(await server.token('console'), browser);
      assert.ok(socket.connected);
      const res = await fetch(`${server.url}/api/openapi.json`, {
        headers: { origin: browser.origin, ...browser.headers },
      });
      assert.equal(res.headers.get('access-control-allow-origin'), browser.origin);
      // The proxy's own value is the right-most: a client's guess in front of it does not count.
      const spoofed = {
        ...browser,
        headers: { ...browser.headers, 'x-forwarded-proto': 'https, http' },
      };
      assert.equal(
        await refused(server.client(await server.token('console'), spoofed)),
        'websocket error',
      );
    }));

  it('ignores X-Forwarded-Proto/-Host from a peer that is not a trusted proxy', async () => {
    for (const TRUST_PROXY of ['0', '10.0.0.0/8'])
      await withServer({ ...listed, TRUST_PROXY }, async (server) => {
        const token = await server.token('console');
        assert.equal(await refused(server.client(token, browser)), 'websocket error', TRUST_PROXY);
      });
  });
});

describe('clientAddress (ctx.ip)', () => {
  it("sets Koa's ctx.ip to the client's address behind the trusted proxy", async () => {
    const koa = new Koa();
    koa.use(clientAddress(new ProxyTrust({ hops: 1 })));
    koa.use((ctx) => {
      ctx.body = ctx.ip;
    });
    const http = koa.listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
      const ip = async (headers: Record<string, string>) => (await fetch(url, { headers })).text();
      assert.equal(await ip({ 'x-forwarded-for': `1.1.1.1, ${CLIENT}` }), CLIENT);
      assert.equal(await ip({}), '127.0.0.1');
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });
});

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../server/config.js';
import { isLoopback } from '../../server/http/dev.routes.js';
import { api, nextEvent, startServer, type TestServer } from '../support/server.js';
import { withServer } from '../support/fixtures.js';

const sign = (claims: object, opts: jwt.SignOptions = {}, key: string = DEV_JWT_SECRET) =>
  jwt.sign(claims, key, { algorithm: 'HS256', ...opts });

async function refusal(
  server: TestServer,
  token: unknown,
): Promise<{ message: string; code?: string }> {
  try {
    await server.client(token as string);
  } catch (err) {
    const e = err as Error & { data?: { code?: string } };
    return { message: e.message, code: e.data?.code };
  }
  throw new Error('the handshake was accepted');
}

describe('socket handshake auth', () => {
  const server = withServer();

  it('accepts a valid token and upserts the user from its claims', async () => {
    const socket = await server.client(sign({ sub: 'kim', name: 'Kim Lee' }, { expiresIn: 60 }));
    assert.equal(socket.connected, true);
    assert.deepEqual(await server.store.getUsers(['kim']), [{ id: 'kim', name: 'Kim Lee' }]);
  });

  it('refuses a missing, forged, expired, exp-less or wrongly-signed token as unauthorized', async () => {
    assert.deepEqual(await refusal(server, undefined), {
      message: 'a token is required (handshake.auth.token)',
      code: 'unauthorized',
    });
    assert.equal((await refusal(server, 'not-a-jwt')).code, 'unauthorized');
    assert.equal(
      (await refusal(server, sign({ sub: 'x' }, { expiresIn: 60 }, 'another-secret'))).code,
      'unauthorized',
    );
    assert.deepEqual(
      await refusal(server, sign({ sub: 'x', exp: Math.floor(Date.now() / 1000) - 10 })),
      {
        message: 'token expired',
        code: 'unauthorized',
      },
    );
    assert.match((await refusal(server, sign({ sub: 'x' }))).message, /exp is required/);
    assert.equal(
      (await refusal(server, sign({ sub: 'x' }, { algorithm: 'HS512', expiresIn: 60 }))).code,
      'unauthorized',
    );
    assert.match(
      (await refusal(server, sign({ sub: 'bad:id' }, { expiresIn: 60 }))).message,
      /sub must be/,
    );
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'x', exp: 9999999999 }),
    ).toString('base64url')}.`;
    assert.equal((await refusal(server, none)).code, 'unauthorized');
  });

  it('disconnects a socket when its token expires, saying so first', async () => {
    // exp is in whole seconds: +2 leaves 1–2 s, never so little that the handshake itself is refused.
    const socket = await server.client(
      sign({ sub: 'brief', exp: Math.floor(Date.now() / 1000) + 2 }),
    );
    const expired = nextEvent<{ reason: string }>(socket, 'session_expired', () => true, 4000);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    assert.deepEqual(await expired, { reason: 'token expired' });
    assert.equal(await gone, 'io server disconnect');
    assert.equal(server.app.registry.disconnectTotals['token expired'], 1);
  });

  it('REST uses the same verifier through koa-jwt', async () => {
    const token = sign({ sub: 'rest', name: 'Rest', roles: ['admin'] }, { expiresIn: 60 });
    const me = await api<{ user: unknown }>(server.url, 'GET', '/api/me', token);
    assert.deepEqual(me, {
      status: 200,
      body: { user: { id: 'rest', name: 'Rest', roles: ['admin'] } },
    });
    assert.equal((await api(server.url, 'GET', '/api/me')).status, 401);
    const expired = await api<{ error: { message: string } }>(
      server.url,
      'GET',
      '/api/me',
      sign({ sub: 'rest', exp: Math.floor(Date.now() / 1000) - 5 }),
    );
    assert.deepEqual(expired, {
      status: 401,
      body: { error: { code: 'unauthorized', message: 'token expired' } },
    });
    assert.equal(
      (await api(server.url, 'GET', '/api/me', sign({ sub: 'rest' }))).status,
      401,
      'exp is required',
    );
  });
});

describe('RS256 and issuer/audience', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const server = withServer({
    JWT_PUBLIC_KEY: publicKey,
    JWT_ISSUER: 'host.example',
    JWT_AUDIENCE: 'stock-chat',
  });

  it('verifies RS256 tokens from the public key, with issuer and audience pinned', async () => {
    const good = jwt.sign({ sub: 'rsa' }, privateKey, {
      algorithm: 'RS256',
      expiresIn: 60,
      issuer: 'host.example',
      audience: 'stock-chat',
    });
    assert.equal((await server.client(good)).connected, true);
    const wrongIssuer = jwt.sign({ sub: 'rsa' }, privateKey, {
      algorithm: 'RS256',
      expiresIn: 60,
      issuer: 'evil',
      audience: 'stock-chat',
    });
    assert.equal((await refusal(server, wrongIssuer)).code, 'unauthorized');
    // Algorithm confusion: an HS256 token "signed" with the public key must not pass.
    const confused = jwt.sign({ sub: 'rsa', iss: 'host.example', aud: 'stock-chat' }, 'x', {
      algorithm: 'HS256',
      expiresIn: 60,
    });
    assert.equal((await refusal(server, confused)).code, 'unauthorized');
  });
});

describe('origins', () => {
  const server = withServer({ ALLOWED_ORIGINS: 'https://host.example, https://other.example/' });

  it('refuses a handshake from an origin outside ALLOWED_ORIGINS, on the handshake itself', async () => {
    const token = sign({ sub: 'o1' }, { expiresIn: 60 });
    await assert.rejects(
      server.client(token, { origin: 'https://evil.example', transports: ['polling'] }),
    );
    await assert.rejects(
      server.client(token, { origin: 'https://evil.example', transports: ['websocket'] }),
    );
    assert.equal((await server.client(token, { origin: 'https://host.example' })).connected, true);
    assert.equal((await server.client(token, { origin: 'https://other.example' })).connected, true);
    assert.equal(
      (await server.client(token, { origin: server.url })).connected,
      true,
      'own origin',
    );
    assert.equal((await server.client(token)).connected, true, 'no Origin: a non-browser client');
  });
});

describe('CORS on /api', () => {
  const server = withServer({ ALLOWED_ORIGINS: 'https://host.example' });

  it('lets an allowed host site call the API with a Bearer token, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/rooms`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://host.example');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://host.example');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const refused = await preflight('https://evil.example');
    assert.equal(refused.headers.get('access-control-allow-origin'), null);

    const token = sign({ sub: 'corsy' }, { expiresIn: 60 });
    const res = await fetch(`${server.url}/api/me`, {
      headers: { origin: 'https://host.example', authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://host.example');
  });
});

const STRONG_SECRET = '9f2c4e7a1b8d3f6e0a5c2b9d7e4f1a8c';

describe('configuration', () => {
  it('refuses to start production without a real secret', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), ConfigError);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET }),
      /real JWT_SECRET/,
    );
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' }),
      /real JWT_SECRET/,
    );
    assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT/);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }),
      /real JWT_SECRET/,
      'a long secret of one repeated character is refused',
    );
    const ok = loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET });
    assert.deepEqual(ok.allowedOrigins, [], 'production allows only its own origin by default');
  });

  it('reads ALLOWED_ORIGINS=* as any origin and NODE_ID as the cluster node name', () => {
    const any = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: STRONG_SECRET,
      ALLOWED_ORIGINS: '*',
    });
    assert.equal(any.allowedOrigins, null);
    assert.equal(loadConfig({ NODE_ID: 'server-2' }).nodeId, 'server-2');
    assert.match(loadConfig({}).nodeId, /-\d+$/, 'defaults to <hostname>-<pid>');
    assert.throws(() => loadConfig({ NODE_ID: 'bad id!' }), /NODE_ID/);
  });

  it('has no development token endpoint in production', async () => {
    const server = await startServer({ NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET });
    try {
      const res = await api(server.url, 'POST', '/api/dev/token', undefined, { sub: 'x' });
      assert.equal(res.status, 404);
    } finally {
      await server.close();
    }
  });

  it('treats only loopback addresses as loopback', () => {
    assert.equal(isLoopback('127.0.0.1'), true);
    assert.equal(isLoopback('::ffff:127.0.0.1'), true);
    assert.equal(isLoopback('::1'), true);
    assert.equal(isLoopback('10.0.0.1'), false);
    assert.equal(isLoopback('::ffff:192.168.1.4'), false);
    assert.equal(isLoopback(undefined), false);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { io as connect } from 'socket.io-client';
import { ConfigError, loadConfig } from '../../server/config.js';
import { api, startServer, type TestServer } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');
const SECRET = '9f2c4e7a1b8d3f6e0a5c2b9d7e4f1a8c';

/** Whether a socket.io handshake from `origin` is accepted. */
function handshake(url: string, origin: string): Promise<boolean> {
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin },
    auth: { token: 'not-checked-before-the-origin' },
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve(true);
    });
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.close();
      // Reaching the token check means the origin itself was let through.
      resolve(err.data?.code === 'unauthorized');
    });
  });
}

describe('safe defaults', () => {
  it('binds 127.0.0.1 when neither JWT_SECRET nor HOST is set', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ JWT_SECRET: SECRET }).host, '0.0.0.0');
    assert.equal(loadConfig({ HOST: '127.0.0.5' }).host, '127.0.0.5');
  });

  it('refuses a reachable HOST with the development secret, naming JWT_SECRET', () => {
    assert.throws(() => loadConfig({ HOST: '0.0.0.0' }), ConfigError);
    assert.throws(() => loadConfig({ HOST: '192.168.1.20' }), /JWT_SECRET/);
    assert.equal(loadConfig({ HOST: '0.0.0.0', JWT_SECRET: SECRET }).host, '0.0.0.0');
  });

  it('refuses production secrets of low variety', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'ab'.repeat(20) }));
    assert.equal(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).jwt.key, SECRET);
  });

  it('a real `HOST=0.0.0.0` start without JWT_SECRET exits with the fix in its message', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOST: '0.0.0.0',
      PORT: '0',
      NODE_ENV: 'development',
    };
    delete env.JWT_SECRET;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /JWT_SECRET/);
  });
});

describe('origin checks', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ ALLOWED_ORIGINS: 'https://host.example' });
  });
  after(() => server.close());

  it('treats only the same scheme, host and port as the server’s own origin', async () => {
    const own = `http://127.0.0.1:${server.port}`;
    assert.equal(await handshake(server.url, own), true);
    assert.equal(await handshake(server.url, `https://127.0.0.1:${server.port}`), false);
    assert.equal(await handshake(server.url, `http://127.0.0.1:${server.port + 1}`), false);
    assert.equal(await handshake(server.url, 'https://host.example'), true);
    assert.equal(await handshake(server.url, 'https://evil.example'), false);
  });

  it('gives a refused polling handshake no CORS grant', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://evil.example' },
    });
    assert.notEqual(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const listed = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://host.example' },
    });
    assert.equal(listed.status, 200);
    assert.equal(listed.headers.get('access-control-allow-origin'), 'https://host.example');
  });
});

describe('POST /api/dev/token without a signing key', () => {
  it('answers unavailable and writes no user', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const server = await startServer({
      JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      JWT_ALGORITHM: 'ES256',
    });
    try {
      const res = await api<{ error: { code: string } }>(
        server.url,
        'POST',
        '/api/dev/token',
        undefined,
        {
          sub: 'nobody-written',
          friends: ['also-not-written'],
        },
      );
      assert.equal(res.status, 503);
      assert.equal(res.body.error.code, 'unavailable');
      assert.deepEqual(await server.store.getUsers(['nobody-written', 'also-not-written']), []);
    } finally {
      await server.close();
    }
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort } from '../../bench/servers.js';
import { loadConfig } from '../../server/config.js';
import { request } from '../support/server.js';
import { withServer } from '../support/fixtures.js';

const server = withServer();

describe('GET /health', () => {
  it('reports status, version, uptime, store and live connections without auth', async () => {
    await server.client(await server.token('h1'));
    await server.client(await server.token('h2'));
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.status, 'ok');
    assert.equal(body.version, '0.1.0');
    assert.equal(typeof body.uptime, 'number');
    assert.deepEqual(body.store, { kind: 'sqlite', ok: true, writes: 'ok' });
    assert.equal(body.connections, 2);
  });
});

describe('GET /metrics', () => {
  it('exports connections, messages, acks, errors and event-loop lag in Prometheus text', async () => {
    const socket = await server.client(await server.token('m1'));
    await request(socket, 'send_message', { room: '$METR', text: 'count me', clientId: 'c' });
    await request(socket, 'join_chat', { room: 'bad room' });
    const res = await fetch(`${server.url}/metrics`);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    assert.match(text, /^stockchat_connections [1-9]/m);
    assert.match(text, /^stockchat_messages_total 1$/m);
    assert.match(text, /^stockchat_acks_total\{event="send_message",outcome="ok"\} 1$/m);
    assert.match(text, /^stockchat_errors_total\{code="bad_request"\} 1$/m);
    assert.match(text, /^stockchat_ack_latency_seconds_count\{event="send_message"\} 1$/m);
    assert.match(text, /^nodejs_eventloop_lag_seconds /m);
  });
});

describe('HEALTH_PORT (a real server process)', () => {
  it('answers /health and /metrics on a listener of their own, and nothing else there', async () => {
    const healthPort = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'stock-chat-health-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        HEALTH_PORT: String(healthPort),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const ready = /"port":(\d+).*stock-chat listening/.exec(out);
          if (ready && out.includes('HEALTH_PORT')) resolve(Number(ready[1]));
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      assert.notEqual(port, healthPort);
      const health = await fetch(`http://127.0.0.1:${healthPort}/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { status: string }).status, 'ok');
      const metrics = await fetch(`http://127.0.0.1:${healthPort}/metrics`);
      assert.match(await metrics.text(), /^stockchat_connections 0$/m);
      // The chat, its API and its pages stay on PORT.
      assert.equal((await fetch(`http://127.0.0.1:${healthPort}/api/rooms`)).status, 404);
      assert.equal((await fetch(`http://127.0.0.1:${healthPort}/`)).status, 404);
      assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      await assert.rejects(fetch(`http://127.0.0.1:${healthPort}/health`));
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a HEALTH_PORT that is not a port', () => {
    assert.throws(() => loadConfig({ HEALTH_PORT: 'http' }), /HEALTH_PORT/);
    assert.throws(() => loadConfig({ HEALTH_PORT: '70000' }), /HEALTH_PORT/);
    assert.equal(loadConfig({ HEALTH_PORT: '' }).healthPort, undefined);
    assert.equal(loadConfig({ HEALTH_PORT: '9464' }).healthPort, 9464);
  });
});

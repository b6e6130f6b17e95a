import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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

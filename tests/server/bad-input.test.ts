import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import type { MessagesPage, SendMessageData } from '../../protocol/wire.js';
import { api, request, type ClientSocket } from '../support/server.js';
import { withServer } from '../support/fixtures.js';

const server = withServer({
  MAX_MESSAGE_LENGTH: '20',
  MAX_HTTP_BUFFER_SIZE: '2048',
  RATE_LIMIT_MESSAGES: '5',
});
let socket: ClientSocket;
let token: string;
before(async () => {
  token = await server.token('val');
  socket = await server.client(token);
  await request(socket, 'join_chat', { room: '$VAL' });
});

async function errorCode(event: string, payload: unknown): Promise<string> {
  const ack = await request(socket, event, payload);
  assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload)} was accepted`);
  return ack.ok ? '' : ack.error.code;
}

async function storedCount(): Promise<number> {
  const page = await request<MessagesPage>(socket, 'history', { room: '$VAL', limit: 200 });
  assert.ok(page.ok);
  return page.data.messages.length;
}

describe('bad input on socket events', () => {
  const cases: [string, unknown][] = [
    ['send_message', undefined],
    ['send_message', 'text'],
    ['send_message', { room: '$VAL', text: 5, clientId: 'a' }],
    ['send_message', { room: '$VAL', text: 'hi' }],
    ['send_message', { room: '$VAL', text: 'hi', clientId: '' }],
    ['send_message', { room: '$VAL', text: 'hi', clientId: 'x'.repeat(65) }],
    ['send_message', { room: '$VAL', text: 'hi', clientId: 'a', extra: 1 }],
    ['send_message', { room: { $gt: '' }, text: 'hi', clientId: 'a' }],
    ['send_message', { room: '$VAL', text: { $ne: null }, clientId: 'a' }],
    [
      'send_message',
      JSON.parse('{"room":"$VAL","text":"hi","clientId":"p","__proto__":{"admin":true}}'),
    ],
    ['send_message', { room: '$VAL', text: '   ', clientId: 'blank' }],
    ['send_message', { room: '$$$', text: 'hi', clientId: 'a' }],
    ['join_chat', { room: 42 }],
    ['join_chat', {}],
    ['history', { room: '$VAL', limit: 100000 }],
    ['history', { room: '$VAL', beforeSeq: -1 }],
    ['history', { room: '$VAL', beforeSeq: '3' }],
    ['sync', { rooms: [] }],
    ['sync', { rooms: [{ room: '$VAL' }] }],
    ['sync', { rooms: 'all' }],
    ['mark_read', { room: '$VAL', seq: 1.5 }],
    ['ping', { t: 'now' }],
    ['leave_chat', { room: null }],
  ];

  it('answers bad_request for wrong types, missing and unknown fields, operators and __proto__, storing nothing', async () => {
    const before = await storedCount();
    for (const [event, payload] of cases) {
      assert.equal(
        await errorCode(event, payload),
        'bad_request',
        `${event} ${JSON.stringify(payload)}`,
      );
    }
    assert.equal(await storedCount(), before);
    assert.equal(socket.connected, true);
  });

  it('answers too_large for text over MAX_MESSAGE_LENGTH, storing nothing', async () => {
    const before = await storedCount();
    assert.equal(
      await errorCode('send_message', { room: '$VAL', text: 'x'.repeat(21), clientId: 'long' }),
      'too_large',
    );
    assert.equal(await storedCount(), before);
    const fits = await request<SendMessageData>(socket, 'send_message', {
      room: '$VAL',
      text: ` ${'y'.repeat(20)} `,
      clientId: 'fit',
    });
    assert.equal(
      fits.ok && fits.data.message.text,
      'y'.repeat(20),
      'the limit applies after trimming',
    );
  });

  it('survives events without an ack, unknown events and malformed typing', async () => {
    const raw = socket as unknown as Socket;
    raw.emit('send_message', { room: '$VAL', text: 'no ack', clientId: 'noack' });
    raw.emit('no_such_event', { a: 1 });
    raw.emit('typing', { room: '$VAL', typing: 'yes' });
    raw.emit('typing');
    const pong = await request(socket, 'ping', { t: 1 });
    assert.equal(pong.ok, true, 'the connection and the server are still fine');
  });

  it('cuts a frame over maxHttpBufferSize, and the server keeps serving others', async () => {
    const victim = await server.client(token);
    const closed = new Promise<string>((resolve) => victim.once('disconnect', resolve));
    (victim as unknown as Socket).emit('send_message', {
      room: '$VAL',
      text: 'z'.repeat(5000),
      clientId: 'huge',
    });
    assert.match(await closed, /transport (close|error)/);
    const other = await request(socket, 'ping', { t: 2 });
    assert.equal(other.ok, true);
  });

  it('answers rate_limited past the per-user message limit', async () => {
    const limited = await server.client(await server.token('spammer'));
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const ack = await request(limited, 'send_message', {
        room: '$VAL',
        text: `s${i}`,
        clientId: `s${i}`,
      });
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    assert.deepEqual(codes, ['ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited', 'rate_limited']);
  });
});

describe('bad input on REST routes', () => {
  it('answers 400 bad_request for malformed JSON, unknown fields and wrong types', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/api/rooms', '{not json'],
      ['POST', '/api/rooms', { name: 'x', admin: true }],
      ['POST', '/api/rooms', { name: 42 }],
      ['POST', '/api/friends/requests', { to: { $gt: '' } }],
      ['GET', '/api/rooms/$VAL/messages?limit=abc', undefined],
      ['GET', '/api/rooms/nonsense/messages', undefined],
    ];
    for (const [method, route, body] of cases) {
      const res = await api<{ error: { code: string; message: string } }>(
        server.url,
        method,
        route,
        token,
        body,
      );
      assert.equal(res.status, 400, `${method} ${route}`);
      assert.equal(res.body.error.code, 'bad_request');
      assert.ok(res.body.error.message.length > 0);
    }
  });

  it('answers 404 for unknown users and requests', async () => {
    const res = await api<{ error: { code: string } }>(
      server.url,
      'POST',
      '/api/friends/requests',
      token,
      { to: 'nobody' },
    );
    assert.deepEqual([res.status, res.body.error.code], [404, 'not_found']);
    const accept = await api(server.url, 'POST', '/api/friends/requests/nope/accept', token);
    assert.equal(accept.status, 404);
  });
});

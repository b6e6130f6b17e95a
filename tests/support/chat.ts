/** Chat steps many tests share: a signed-in client that joined a room, a send that must succeed. */
import assert from 'node:assert/strict';
import type { JoinChatData, Message, SendMessageData } from '../../protocol/wire.js';
import { request, type ClientSocket, type TestServer, type TokenOptions } from './server.js';

let sent = 0;
/** A fresh clientId, unique within the test process. */
export const clientId = () => `c-${process.pid}-${++sent}`;

/** A client of `server` signed in as `sub` that has joined `room` (the test fails on a refusal). */
export async function joinedClient(
  server: Pick<TestServer, 'client' | 'token'>,
  sub: string,
  room: string,
  opts: TokenOptions = {},
): Promise<ClientSocket> {
  const socket = await server.client(await server.token(sub, opts));
  const ack = await request<JoinChatData>(socket, 'join_chat', { room });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  return socket;
}

/** Sends `text` to `room` and returns the stored message (the test fails on a refusal). */
export async function sendText(socket: ClientSocket, room: string, text: string): Promise<Message> {
  const ack = await request<SendMessageData>(socket, 'send_message', {
    room,
    text,
    clientId: clientId(),
  });
  assert.ok(ack.ok, JSON.stringify(ack));
  return ack.data.message;
}

/**
 * The widget's requests over its chat socket: the protocol module's typed
 * emit-with-ack (protocol/ack.ts), bound to the chat event map, with a refusal
 * carried as an `AckError` whose `detail` the widget fires as `stock-chat-error`.
 */
import {
  ACK_TIMEOUT_MS,
  AckError as ProtocolAckError,
  emitWithAck,
  type AckDataOf,
  type AckEventOf,
  type PayloadOf,
} from '../../protocol/ack.js';
import type { Ack, ClientToServerEvents } from '../../protocol/wire.js';
import type { ChatSocket } from './chat-connection.js';
import type { StockChatErrorDetail } from './events.js';

/** Client events that take an ack callback. */
export type AckEvent = AckEventOf<ClientToServerEvents>;
export type AckData<E extends AckEvent> = AckDataOf<ClientToServerEvents, E>;
export type AckPayload<E extends AckEvent> = PayloadOf<ClientToServerEvents, E>;

/** Default time to wait for any ack. */
export const REQUEST_TIMEOUT_MS = ACK_TIMEOUT_MS;

/** A negative ack, carried as an exception. */
export class AckError extends ProtocolAckError {
  get detail(): StockChatErrorDetail {
    return this.error;
  }
}

/** Emits `event` and resolves with the raw ack; rejects when no ack comes in time. */
export function askRaw<E extends AckEvent>(
  socket: ChatSocket,
  event: E,
  payload: AckPayload<E>,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Ack<AckData<E>>> {
  return emitWithAck<ClientToServerEvents, E>(socket, event, payload, timeoutMs);
}

/** Emits `event` and resolves with the ack's data; a negative ack throws `AckError`. */
export async function ask<E extends AckEvent>(
  socket: ChatSocket,
  event: E,
  payload: AckPayload<E>,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<AckData<E>> {
  const answer = await askRaw(socket, event, payload, timeoutMs);
  if (!answer.ok) throw new AckError(answer.error);
  return answer.data;
}

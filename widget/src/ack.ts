/**
 * Typed request/ack calls over the socket. Socket.IO's own `emitWithAck` typing
 * loses the ack type once `timeout()` is applied, so this narrows it back to the
 * protocol's `Ack<T>` for each event.
 */
import type { Ack, AckCallback, ClientToServerEvents } from '../../server/protocol.js';
import type { ChatSocket } from './chat-connection.js';
import type { StockChatErrorDetail } from './events.js';

type Params<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>;

/** Client events that take an ack callback. */
export type AckEvent = {
  [E in keyof ClientToServerEvents]: Params<E>[1] extends AckCallback<never> ? E : never;
}[keyof ClientToServerEvents];

export type AckData<E extends AckEvent> = Params<E>[1] extends AckCallback<infer T> ? T : never;
export type AckPayload<E extends AckEvent> = Params<E>[0];

/** Default time to wait for any ack. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** A negative ack, carried as an exception. */
export class AckError extends Error {
  constructor(readonly detail: StockChatErrorDetail) {
    super(detail.message);
    this.name = 'AckError';
  }
}

/** Emits `event` and resolves with the raw ack; rejects when no ack comes in time. */
export function askRaw<E extends AckEvent>(
  socket: ChatSocket,
  event: E,
  payload: AckPayload<E>,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Ack<AckData<E>>> {
  const timed = socket.timeout(timeoutMs);
  const emit = timed.emitWithAck.bind(timed) as unknown as (
    event: E,
    payload: AckPayload<E>,
  ) => Promise<Ack<AckData<E>>>;
  return emit(event, payload);
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

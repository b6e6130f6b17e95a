/**
 * Typed acknowledged events over Socket.IO, for any event map of the protocol
 * (the chat namespace or `/admin`): which events take an ack, what their payload
 * and ack data are, and one emit-with-ack that returns the protocol's `Ack<T>`.
 */
import type { Ack, AckCallback, ErrorBody } from './wire.js';

type Args<F> = F extends (...args: infer A) => void ? A : never;
/** The ack callback of an event's listener; never when it takes none. */
type AckArg<F> =
  Args<F> extends [unknown, infer A, ...unknown[]] | [unknown, (infer A)?] ? NonNullable<A> : never;

/** The events of map `M` whose listener takes an ack callback. */
export type AckEventOf<M> = {
  [E in keyof M]: [AckArg<M[E]>] extends [never]
    ? never
    : AckArg<M[E]> extends AckCallback<never>
      ? E
      : never;
}[keyof M];

/** What event `E` of map `M` carries from the client. */
export type PayloadOf<M, E extends keyof M> = Args<M[E]>[0];

/** The data a positive ack to event `E` of map `M` carries. */
export type AckDataOf<M, E extends keyof M> = AckArg<M[E]> extends AckCallback<infer T> ? T : never;

/** Default time to wait for any ack. */
export const ACK_TIMEOUT_MS = 10_000;

/** A negative ack, carried as an exception: `code` and `message` are the server's. */
export class AckError extends Error {
  override name = 'AckError';
  constructor(readonly error: ErrorBody) {
    super(error.message);
  }
  get code(): ErrorBody['code'] {
    return this.error.code;
  }
}

/** What a Socket.IO client socket offers for acknowledged emits (the typed one fits). */
export interface AckSocket {
  timeout(ms: number): { emitWithAck(...args: never[]): Promise<unknown> };
}

/**
 * Emits `event` and resolves with the server's `Ack`; rejects when none comes within
 * `timeoutMs`. Socket.IO's own typing loses the ack type once `timeout()` applies,
 * so the event map `M` restores it.
 */
export function emitWithAck<M, E extends AckEventOf<M> & string>(
  socket: AckSocket,
  event: E,
  payload: PayloadOf<M, E>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Ack<AckDataOf<M, E>>> {
  const timed = socket.timeout(timeoutMs);
  const emit = timed.emitWithAck.bind(timed) as unknown as (
    event: E,
    payload: PayloadOf<M, E>,
  ) => Promise<Ack<AckDataOf<M, E>>>;
  return emit(event, payload);
}

/** Unwraps an ack: its data, or an `AckError` carrying the server's code and message. */
export function unwrapAck<T>(answer: Ack<T>): T {
  if (!answer.ok) throw new AckError(answer.error);
  return answer.data;
}

/** Emits `event` and resolves with the ack's data; a negative ack throws `AckError`. */
export async function request<M, E extends AckEventOf<M> & string>(
  socket: AckSocket,
  event: E,
  payload: PayloadOf<M, E>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<AckDataOf<M, E>> {
  return unwrapAck(await emitWithAck<M, E>(socket, event, payload, timeoutMs));
}

import { io, type Socket } from 'socket.io-client';
import {
  emitWithAck,
  type AckDataOf,
  type AckEventOf,
  type PayloadOf,
} from '../../../protocol/ack.js';
import type {
  Ack,
  ClientToServerEvents,
  Message,
  ServerToClientEvents,
} from '../../../protocol/wire.js';
import type { CheckResult, ResolvedOptions } from './types.js';

/** A chat client as the suite drives it. */
export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  transports?: ('polling' | 'websocket')[];
  token?: string;
  reconnection?: boolean;
}

/** Client events answered by an ack, and the data each ack carries. */
export type AckEvent = AckEventOf<ClientToServerEvents>;
export type AckData<E extends AckEvent> = AckDataOf<ClientToServerEvents, E>;

/** The error a check throws to fail with a readable reason. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
}

/**
 * What one check gets: the options, and helpers that open clients, await events
 * and acks with a timeout, and close every client the check opened when it ends,
 * so a failing check never leaks sockets into the next one.
 */
export class CheckContext {
  readonly options: ResolvedOptions;
  private readonly sockets = new Set<ChatSocket>();
  private counter = 0;

  constructor(options: ResolvedOptions) {
    this.options = options;
  }

  /** A `clientId` unique to this run, for messages the suite sends. */
  clientId(label: string): string {
    this.counter += 1;
    return `diag-${label}-${Date.now().toString(36)}-${this.counter}`;
  }

  /** Opens a client and resolves once it is connected (rejects on `connect_error`). */
  async connect(opts: ConnectOptions = {}): Promise<ChatSocket> {
    const socket = this.open(opts);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CheckFailure(`no connect within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (err: Error) => {
        clearTimeout(timer);
        reject(new CheckFailure(`connect_error: ${err.message}`));
      });
    });
    return socket;
  }

  /** Opens a client without waiting; the check awaits whatever it expects. */
  open(opts: ConnectOptions = {}): ChatSocket {
    const socket: ChatSocket = io(this.options.url, {
      transports: opts.transports ?? ['websocket'],
      auth: { token: opts.token ?? this.options.token, clientVersion: 'diagnose' },
      forceNew: true,
      reconnection: opts.reconnection ?? false,
      reconnectionDelay: 200,
      reconnectionDelayMax: 500,
      timeout: this.options.timeoutMs,
    });
    this.sockets.add(socket);
    return socket;
  }

  /** Resolves with the first `event` that matches `predicate`, or fails after the timeout. */
  waitFor<E extends 'new_message' | 'typing' | 'pong' | 'notice'>(
    socket: ChatSocket,
    event: E,
    predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean,
    what: string,
  ): Promise<Parameters<ServerToClientEvents[E]>[0]> {
    type Payload = Parameters<ServerToClientEvents[E]>[0];
    const waiting = new Promise<Payload>((resolve, reject) => {
      const listener = (payload: Payload): void => {
        if (!predicate(payload)) return;
        clearTimeout(timer);
        socket.off(event, listener as never);
        resolve(payload);
      };
      const timer = setTimeout(() => {
        socket.off(event, listener as never);
        reject(new CheckFailure(`${what}: nothing within ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      socket.on(event, listener as never);
    });
    // A check may fail before it awaits this; that must not become an unhandled rejection.
    waiting.catch(() => undefined);
    return waiting;
  }

  /** Waits for a `new_message` carrying `clientId`. */
  waitForMessage(socket: ChatSocket, clientId: string, what: string): Promise<Message> {
    return this.waitFor(socket, 'new_message', (m) => m.clientId === clientId, what);
  }

  /**
   * Emits an acknowledged event and resolves with the ack's data; a refusal or
   * no answer within the timeout fails the check, naming the event.
   */
  async request<E extends AckEvent>(
    socket: ChatSocket,
    event: E,
    payload: PayloadOf<ClientToServerEvents, E>,
  ): Promise<AckData<E>> {
    const ms = this.options.timeoutMs;
    const answer = await emitWithAck<ClientToServerEvents, E>(socket, event, payload, ms).catch(
      () => {
        throw new CheckFailure(`${event}: no ack within ${ms} ms`);
      },
    );
    return this.unwrap(event, answer);
  }

  /** Unwraps an ack, turning `{ ok: false }` into a failure that names the event. */
  unwrap<T>(event: string, answer: Ack<T>): T {
    if (!answer.ok) {
      throw new CheckFailure(`${event} refused: ${answer.error.code} ${answer.error.message}`);
    }
    return answer.data;
  }

  /** Sleeps; used only to give an event that must not arrive the chance to arrive. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Closes every client this check opened. */
  close(): void {
    for (const socket of this.sockets) {
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    }
    this.sockets.clear();
  }
}

/** A check body: resolves with details on success, throws a `CheckFailure` (or any error) on failure. */
export type CheckFn = (ctx: CheckContext) => Promise<CheckResult['details'] | void>;

export interface CheckDefinition {
  name: string;
  run: CheckFn;
}

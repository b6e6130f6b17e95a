import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { createApplication, type App } from '../../server/app.js';
import type { Clock } from '../../server/clock.js';
import { loadConfig, type Config, type Env } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import {
  emitWithAck,
  request as requestData,
  type AckDataOf,
  type AckEventOf,
  type PayloadOf,
} from '../../protocol/ack.js';
import type {
  Ack,
  AckCallback,
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../protocol/wire.js';
import { openStore } from '../../server/store/index.js';
import type { Store } from '../../server/store/types.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TokenOptions {
  name?: string;
  /** An https picture for the token's `avatar` claim. */
  avatar?: string;
  admin?: boolean;
  roles?: string[];
  friends?: string[];
  ttlSec?: number;
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  app: App;
  store: Store;
  /** Signs a token through the development endpoint (which also makes `friends` friends). */
  token(sub: string, opts?: TokenOptions): Promise<string>;
  /** A connected socket.io client; rejects on connect_error. `headers` go on the handshake request. */
  client(
    token: string,
    opts?: { transports?: string[]; origin?: string; headers?: Record<string, string> },
  ): Promise<ClientSocket>;
  /** Stops the app and store and starts them again on the same port and data dir. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the real application on port 0 with a fresh SQLite data dir. `env`
 * entries override the environment the config is parsed from.
 */
export async function startServer(
  env: Env = {},
  options: {
    wrapStore?: (store: Store) => Store;
    /** A clock the test moves (tests/support/manual-clock.ts); the system clock when unset. */
    clock?: Clock;
  } = {},
): Promise<TestServer> {
  const dataDir =
    (env.DATA_DIR as string | undefined) ?? mkdtempSync(path.join(tmpdir(), 'stock-chat-test-'));
  const ownsDir = env.DATA_DIR === undefined;
  const clients = new Set<ClientSocket>();
  let config: Config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
    DATA_DIR: dataDir,
  });
  const wrap = options.wrapStore ?? ((s: Store) => s);
  let store = wrap(await openStore(config));
  let app = await createApplication(config, store, {
    logger: createLogger(config.logLevel),
    clock: options.clock,
  });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const port = (app.http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const server: TestServer = {
    url,
    port,
    dataDir,
    get app() {
      return app;
    },
    get store() {
      return store;
    },
    async token(sub, opts = {}) {
      const { name, ...rest } = opts;
      const res = await fetch(`${url}/api/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub, name: name ?? sub, ...rest }),
      });
      if (!res.ok) throw new Error(`dev token failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    client(token, opts = {}) {
      const socket: ClientSocket = connect(url, {
        auth: { token, clientVersion: 'test' },
        transports: opts.transports ?? ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders:
          opts.origin || opts.headers
            ? { ...opts.headers, ...(opts.origin ? { origin: opts.origin } : {}) }
            : undefined,
      });
      clients.add(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (err) => {
          socket.close();
          reject(err);
        });
      });
    },
    async restart() {
      for (const c of clients) c.close();
      await app.close();
      await store.close();
      config = { ...config, port };
      store = wrap(await openStore(config));
      app = await createApplication(config, store, {
        logger: createLogger(config.logLevel),
        clock: options.clock,
      });
      await new Promise<void>((resolve) => app.http.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      for (const c of clients) c.close();
      await app.close();
      await store.close();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/**
 * Emits an acknowledged event and resolves with its Ack. Loosely typed on purpose:
 * tests send malformed payloads and unknown events; `ask` is the typed form.
 */
export function request<T>(
  socket: ClientSocket,
  event: string,
  payload: unknown,
  timeoutMs = 5000,
): Promise<Ack<T>> {
  return emitWithAck<Record<string, (payload: unknown, ack: AckCallback<T>) => void>, string>(
    socket,
    event,
    payload,
    timeoutMs,
  );
}

/** Emits a chat event with its typed payload and resolves with the ack's data; a refusal throws `AckError`. */
export function ask<E extends AckEventOf<ClientToServerEvents> & string>(
  socket: ClientSocket,
  event: E,
  payload: PayloadOf<ClientToServerEvents, E>,
  timeoutMs = 5000,
): Promise<AckDataOf<ClientToServerEvents, E>> {
  return requestData<ClientToServerEvents, E>(socket, event, payload, timeoutMs);
}

/** Resolves with the next `event` the socket receives (optionally matching), or rejects after `timeoutMs`. */
export function nextEvent<T>(
  socket: ClientSocket,
  event: string,
  match: (v: T) => boolean = () => true,
  timeoutMs = 3000,
): Promise<T> {
  const s = socket as unknown as Socket;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (value: T) => {
      if (!match(value)) return;
      clearTimeout(timer);
      s.off(event, listener);
      resolve(value);
    };
    s.on(event, listener);
  });
}

/** Collects every `event` for `ms` milliseconds; for asserting something did NOT arrive. */
export async function collect<T>(socket: ClientSocket, event: string, ms: number): Promise<T[]> {
  const s = socket as unknown as Socket;
  const seen: T[] = [];
  const listener = (v: T) => seen.push(v);
  s.on(event, listener);
  await new Promise((r) => setTimeout(r, ms));
  s.off(event, listener);
  return seen;
}

/** REST call with a Bearer token; returns status and parsed JSON body. */
export async function api<T = unknown>(
  base: string,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * Writes `count` messages into a ticker room straight through the store (no rate
 * limit, no sockets), oldest first, `text(i)` each (1-based), a minute apart
 * ending now, from `senders` in turn. For long histories in widget tests and the
 * widget benchmark.
 */
export async function seedMessages(
  store: Store,
  room: string,
  count: number,
  opts: { senders?: string[]; text?: (i: number) => string } = {},
): Promise<void> {
  const senders = opts.senders ?? ['seed-a', 'seed-b', 'seed-c'];
  const text = opts.text ?? ((i: number) => `seeded message ${i}`);
  await store.ensureRoom({ id: room, kind: 'ticker', name: room });
  const start = Date.now() - count * 60_000;
  // In order, a batch at a time: each batch shares one group commit, and seqs follow `i`.
  for (let first = 1; first <= count; first += 200) {
    const batch: Promise<unknown>[] = [];
    for (let i = first; i < first + 200 && i <= count; i += 1) {
      const id = senders[i % senders.length];
      batch.push(
        store.appendMessage({
          room,
          clientId: `seed-${i}`,
          sender: { id, name: id },
          text: text(i),
          cashtags: [],
          createdAt: new Date(start + i * 60_000),
        }),
      );
    }
    await Promise.all(batch);
  }
}

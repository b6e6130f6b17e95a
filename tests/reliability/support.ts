import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { io as connect, type Socket } from 'socket.io-client';
import type { Message } from '../../protocol/wire.js';
import { freePort } from '../support/redis.js';

const root = path.resolve(import.meta.dirname, '../..');
export const SECRET = '4c1f9a7e2b8d6035e9a1c7f4b2d8e6a0';

/** A deterministic PRNG (mulberry32): every "random" choice in the suite is seeded. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export function token(sub: string, ttlSec = 3600): string {
  return jwt.sign({ sub, name: sub }, SECRET, { algorithm: 'HS256', expiresIn: ttlSec });
}

/** A real server process (`node server/index.ts`) on a fixed loopback port and data dir. */
export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  output(): string;
}

export async function spawnServer(
  opts: { port?: number; dataDir?: string; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'stock-chat-rel-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    JWT_SECRET: SECRET,
    ALLOWED_ORIGINS: '',
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  delete env.MONGODB_URI;
  if (!opts.env?.REDIS_URL) delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited at start: ${output}`);
    const ok = await fetch(`${url}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server did not become healthy: ${output}`);
    await sleep(100);
  }
  return { url, port, dataDir, child, exited, output: () => output };
}

/** The highest seq n such that 1..n are all held. */
function contiguous(seqs: Map<number, Message> | undefined): number {
  let n = 0;
  while (seqs?.has(n + 1)) n++;
  return n;
}

/** A client following the documented protocol: reconnect -> join -> `sync` from what it holds. */
export interface Follower {
  socket: Socket;
  /** Messages held, by room then seq. */
  held: Map<string, Map<number, Message>>;
  connects(): number;
  close(): void;
}

export function follower(url: string, sub: string, rooms: string[]): Follower {
  const held = new Map<string, Map<number, Message>>(rooms.map((r) => [r, new Map()]));
  const socket = connect(url, {
    auth: { token: token(sub) },
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    forceNew: true,
  });
  const keep = (m: Message) => held.get(m.room)?.set(m.seq, m);
  socket.on('new_message', keep);
  let connects = 0;
  const catchUp = async () => {
    for (const room of rooms) await socket.timeout(5000).emitWithAck('join_chat', { room });
    for (;;) {
      const page = (await socket.timeout(5000).emitWithAck('sync', {
        // From the end of the gap-free run held (live messages may already sit above a gap).
        rooms: rooms.map((room) => ({ room, lastSeq: contiguous(held.get(room)) })),
        limit: 500,
      })) as { ok: boolean; data?: { messages: Message[]; hasMore: boolean } };
      if (!page.ok) throw new Error('sync refused');
      page.data?.messages.forEach(keep);
      if (!page.data?.hasMore) break;
    }
  };
  socket.on('connect', () => {
    connects++;
    void (async () => {
      // A failed join or sync is retried for as long as this connection lasts.
      const connection = connects;
      while (socket.connected && connection === connects) {
        try {
          return await catchUp();
        } catch {
          await sleep(200);
        }
      }
    })();
  });
  return { socket, held, connects: () => connects, close: () => socket.close() };
}

/** Everything a room holds, read with `sync` by a fresh client. */
export async function roomContents(url: string, room: string): Promise<Message[]> {
  const socket = connect(url, {
    auth: { token: token('auditor') },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const out: Message[] = [];
  try {
    await socket.timeout(5000).emitWithAck('join_chat', { room });
    for (;;) {
      const lastSeq = out.at(-1)?.seq ?? 0;
      const page = (await socket.timeout(5000).emitWithAck('sync', {
        rooms: [{ room, lastSeq }],
        limit: 500,
      })) as { data: { messages: Message[]; hasMore: boolean } };
      out.push(...page.data.messages);
      if (!page.data.hasMore) return out;
    }
  } finally {
    socket.close();
  }
}

/** Sender state shared by the load tests: what was acked, and what still waits for a retry. */
export interface SendLog {
  acked: Map<string, Message>;
  /** clientIds sent whose ack never came (retried later with the same clientId). */
  unacked: Set<string>;
}

/**
 * One sender socket that sends numbered messages (one in flight at a time) while
 * `running()`; a send without an ack stays in `unacked` and is retried with the
 * same clientId once the socket is connected again.
 */
export function sender(
  url: string,
  sub: string,
  room: string,
  log: SendLog,
  running: () => boolean,
  onSend?: (clientId: string, outcome: 'acked' | 'lost') => void,
  onEmit?: (clientId: string) => void,
): { socket: Socket; done: Promise<void> } {
  const socket = connect(url, {
    auth: { token: token(sub) },
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    forceNew: true,
  });
  const sendOne = async (clientId: string): Promise<boolean> => {
    onEmit?.(clientId);
    try {
      const ack = (await socket
        .timeout(3000)
        .emitWithAck('send_message', { room, text: `m ${clientId}`, clientId })) as {
        ok: boolean;
        data?: { message: Message };
      };
      if (ack.ok && ack.data) {
        log.acked.set(clientId, ack.data.message);
        log.unacked.delete(clientId);
        onSend?.(clientId, 'acked');
        return true;
      }
    } catch {
      // No ack: a timeout or the connection went away.
    }
    log.unacked.add(clientId);
    onSend?.(clientId, 'lost');
    return false;
  };
  const done = (async () => {
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await socket.timeout(5000).emitWithAck('join_chat', { room });
    socket.on('connect', () => {
      void socket
        .timeout(5000)
        .emitWithAck('join_chat', { room })
        .catch(() => undefined);
    });
    let n = 0;
    while (running()) {
      if (!socket.connected) {
        await sleep(50);
        continue;
      }
      await sendOne(`${sub}-${n++}`);
    }
    // The clients' retry: every send that got no ack goes again with its clientId.
    const deadline = Date.now() + 20_000;
    while (log.unacked.size > 0 && Date.now() < deadline) {
      for (const clientId of [...log.unacked].filter((c) => c.startsWith(`${sub}-`))) {
        if (!socket.connected) await sleep(100);
        else await sendOne(clientId);
      }
      if ([...log.unacked].every((c) => !c.startsWith(`${sub}-`))) break;
    }
  })();
  return { socket, done };
}

/** Asserts a room's messages are numbered 1..n with no gap and each (sender, clientId) once. */
export function checkRoom(messages: Message[]): { gapFree: boolean; duplicates: number } {
  const gapFree = messages.every((m, i) => m.seq === i + 1);
  const keys = new Set(messages.map((m) => `${m.sender.id}\n${m.clientId}`));
  return { gapFree, duplicates: messages.length - keys.size };
}

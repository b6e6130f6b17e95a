import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { applyNice, sleep } from './stats.js';

/** Which server a benchmark runs against. */
export type ServerKind = 'reference' | 'stock-chat';

/** A server started as a child process for one benchmark. */
export interface ServerHandle {
  kind: ServerKind;
  url: string;
  pid: number;
  /** Where the stock-chat server keeps its SQLite file (empty for the reference). */
  dataDir: string;
  /** Stops the server; its data directory is removed unless `keepData` (then call `removeData`). */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** `kill -9`: no shutdown work at all; the data directory stays. */
  kill(): Promise<void>;
  removeData(): void;
}

export interface ServerOptions {
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** Extra `node` flags for the server, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** Reuse this data directory instead of a fresh temporary one. */
  dataDir?: string;
  /** Listen on this port (a restart after a kill) instead of a free one. */
  port?: number;
  env?: Record<string, string>;
}

/** The JWT secret the bench signs client tokens with and hands to the server. */
export const BENCH_JWT_SECRET = 'stock-chat-bench-secret-0123456789abcdef';

const root = path.resolve(import.meta.dirname, '..');
export const workDir = path.join(root, '.tmp', 'bench');

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`server at ${url} not healthy after ${timeoutMs} ms`);
}

function stopper(child: ChildProcess, cleanup: () => void) {
  return async (options: { keepData?: boolean } = {}) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(timer);
    }
    if (!options.keepData) cleanup();
  };
}

/** Starts a server of the given kind on a free loopback port and waits until it answers. */
export async function startServer(
  kind: ServerKind,
  opts: ServerOptions = {},
): Promise<ServerHandle> {
  mkdirSync(workDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const ownDataDir = !opts.dataDir && kind === 'stock-chat';
  const dataDir =
    opts.dataDir ??
    (kind === 'stock-chat' ? mkdtempSync(path.join(os.tmpdir(), 'stock-chat-bench-')) : '');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    PING_INTERVAL_MS: String(opts.pingIntervalMs ?? 25_000),
    PING_TIMEOUT_MS: String(opts.pingTimeoutMs ?? 20_000),
    ...opts.env,
  };
  if (kind === 'stock-chat') {
    Object.assign(env, {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      JWT_SECRET: BENCH_JWT_SECRET,
      RATE_LIMIT_MESSAGES: '0',
      // One bench socket sends far more than a person: the per-connection budget is off too.
      LIMIT_EVENTS_PER_SECOND: '0',
      // The store benchmark times hundreds of history/sync reads from one user.
      LIMIT_HISTORY_PER_MINUTE: '0',
      LIMIT_SYNC_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
    });
    delete env.MONGODB_URI;
    delete env.REDIS_URL;
    // Last, so a benchmark may set REDIS_URL (two nodes) or any limit.
    Object.assign(env, opts.env);
  }
  const script =
    kind === 'reference'
      ? path.join(root, 'bench/reference-server.ts')
      : path.join(root, 'server/index.ts');
  const child = fork(script, [], {
    cwd: root,
    env,
    execArgv: ['--import', 'tsx', ...(opts.nodeFlags ?? [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  applyNice(child.pid);
  const log = createWriteStream(path.join(workDir, `${kind}.log`), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const removeData = () => {
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${kind} server failed to start (see ${path.join(workDir, `${kind}.log`)})`, {
      cause: error,
    });
  }
  return {
    kind,
    url,
    pid: child.pid ?? 0,
    dataDir,
    stop: stopper(child, removeData),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
    removeData,
  };
}

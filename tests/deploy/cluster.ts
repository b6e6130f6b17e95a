import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = path.resolve(import.meta.dirname, '../..');
export const SERVER_ENTRY = path.join(root, 'dist/server/index.js');

/** Polls `check` every 50 ms until it returns true; throws `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  detail: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} ${detail()}`.trim());
    await sleep(50);
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** One server process of the cluster, as the image runs it (`node dist/server/index.js`). */
export class ServerNode {
  private child: ChildProcess | null = null;
  private log = '';

  constructor(
    readonly id: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and resolves once `/health` answers 200. */
  async start(): Promise<void> {
    if (!existsSync(SERVER_ENTRY)) {
      throw new Error(`${SERVER_ENTRY} is missing: run npm run build:server first`);
    }
    this.log = '';
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port), NODE_ID: this.id },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    await waitFor(`${this.id} to answer /health`, async () => {
      if (child.exitCode !== null) throw new Error(`${this.id} exited on start:\n${this.log}`);
      return healthy(`${this.url}/health`);
    });
  }

  /** Sends `signal` and resolves when the process has exited (SIGKILL: at once). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.child = null;
  }

  /** Sockets this node holds, from its own /health. */
  async connections(): Promise<number> {
    const res = await fetch(`${this.url}/health`);
    return ((await res.json()) as { connections: number }).connections;
  }

  get output(): string {
    return this.log;
  }
}

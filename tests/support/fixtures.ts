/**
 * Test fixtures: one call in a test file (or a `describe`) starts what its tests
 * need before them and stops it after, instead of the same `before`/`after`
 * block in every file. What they return is usable inside the tests only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { Env } from '../../server/config.js';
import { launchChromium } from './chromium.js';
import { startRedis, type RedisServer } from './redis.js';
import { startServer, type TestServer } from './server.js';

/** Reads a fixture's value, failing with the fix when used before its `before` hook ran. */
function holder<T>(name: string) {
  let value: T | undefined;
  return {
    set: (v: T | undefined) => (value = v),
    get: (): T => {
      if (value === undefined) throw new Error(`${name} is used outside a test: call it in one`);
      return value;
    },
    peek: () => value,
  };
}

/**
 * The real application on port 0 with a fresh SQLite data dir, started before
 * the tests of the enclosing file or suite (or by the first hook that asks for a
 * token or a client, whichever runs first) and closed after them.
 */
export function withServer(
  env: Env = {},
  options: Parameters<typeof startServer>[1] = {},
): TestServer {
  const server = holder<TestServer>('withServer()');
  let starting: Promise<TestServer> | undefined;
  const start = () =>
    (starting ??= startServer(env, options).then((started) => {
      server.set(started);
      return started;
    }));
  before(() => start());
  after(async () => {
    const started = await starting;
    starting = undefined;
    server.set(undefined);
    await started?.close();
  });
  return lazyServer(server.get, start);
}

/** A `TestServer` that reads the started one (`get`) and waits for it (`start`) where it can. */
function lazyServer(get: () => TestServer, start: () => Promise<TestServer>): TestServer {
  return {
    get url() {
      return get().url;
    },
    get port() {
      return get().port;
    },
    get dataDir() {
      return get().dataDir;
    },
    get app() {
      return get().app;
    },
    get store() {
      return get().store;
    },
    token: async (sub, opts) => (await start()).token(sub, opts),
    client: async (token, opts) => (await start()).client(token, opts),
    restart: async () => (await start()).restart(),
    close: async () => (await start()).close(),
  };
}

/** What a test asks of the browser `withBrowser` shares. */
export interface BrowserFixture {
  readonly browser: Browser;
  newPage(options?: BrowserContextOptions): Promise<Page>;
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/** Debian's Chromium, launched before the enclosing file's or suite's tests and closed after. */
export function withBrowser(): BrowserFixture {
  const browser = holder<Browser>('withBrowser()');
  before(async () => browser.set(await launchChromium()));
  after(async () => {
    await browser.peek()?.close();
    browser.set(undefined);
  });
  return {
    get browser() {
      return browser.get();
    },
    newPage: (options) => browser.get().newPage(options),
    newContext: (options) => browser.get().newContext(options),
  };
}

/** Makes throwaway directories (`make()`), all removed after the enclosing file's or suite's tests. */
export function withTempDirs(prefix = 'stock-chat-test-'): { make(): string } {
  const dirs: string[] = [];
  after(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  return {
    make() {
      const dir = mkdtempSync(path.join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
  };
}

/** Several nodes of one deployment: a real redis-server and servers sharing it and one SQLite file. */
export interface ClusterFixture {
  readonly redis: RedisServer;
  /** The nodes, in the order of `nodeIds`. */
  readonly nodes: readonly TestServer[];
  readonly dataDir: string;
}

/**
 * A real redis-server and one server per id in `nodeIds` (`NODE_ID`), all with
 * `REDIS_URL` and one shared data dir, started before the tests of the enclosing
 * file or suite; after them the nodes close before Redis stops.
 */
export function withCluster(env: Env = {}, nodeIds = ['node-a', 'node-b']): ClusterFixture {
  const cluster = holder<{ redis: RedisServer; nodes: TestServer[]; dataDir: string }>(
    'withCluster()',
  );
  let starting: Promise<void> | undefined;
  const start = () =>
    (starting ??= (async () => {
      const redis = await startRedis();
      const dataDir = mkdtempSync(path.join(tmpdir(), 'stock-chat-cluster-'));
      const nodes: TestServer[] = [];
      cluster.set({ redis, nodes, dataDir });
      // One after another: the first start runs the shared file's migrations.
      for (const id of nodeIds)
        nodes.push(
          await startServer({ ...env, REDIS_URL: redis.url, DATA_DIR: dataDir, NODE_ID: id }),
        );
    })());
  before(() => start());
  after(async () => {
    await starting?.catch(() => undefined);
    const started = cluster.peek();
    starting = undefined;
    cluster.set(undefined);
    if (!started) return;
    await Promise.all(started.nodes.map((n) => n.close()));
    await started.redis.stop();
    rmSync(started.dataDir, { recursive: true, force: true });
  });
  const nodes = nodeIds.map((_, i) =>
    lazyServer(
      () => cluster.get().nodes[i]!,
      async () => {
        await start();
        return cluster.get().nodes[i]!;
      },
    ),
  );
  return {
    get redis() {
      return cluster.get().redis;
    },
    nodes,
    get dataDir() {
      return cluster.get().dataDir;
    },
  };
}

/**
 * Test fixtures: one call in a test file (or a `describe`) starts what its tests
 * need before them and stops it after, instead of the same `before`/`after`
 * block in every file. What they return is usable inside the tests only.
 */
import { after, before } from 'node:test';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { Env } from '../../server/config.js';
import { launchChromium } from './chromium.js';
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
export function withServer(env: Env = {}): TestServer {
  const server = holder<TestServer>('withServer()');
  let starting: Promise<TestServer> | undefined;
  const start = () =>
    (starting ??= startServer(env).then((started) => {
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
  return {
    get url() {
      return server.get().url;
    },
    get port() {
      return server.get().port;
    },
    get dataDir() {
      return server.get().dataDir;
    },
    get app() {
      return server.get().app;
    },
    get store() {
      return server.get().store;
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

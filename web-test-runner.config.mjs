// web-test-runner for the <stock-chat> component tests (tests/widget), in
// Debian's Chromium through Playwright. TypeScript is compiled by esbuild with
// the repo's tsconfig (legacy decorators). Tests that need the real server ask
// for it with `executeServerCommand('stock-chat-server')`: the plugin below
// starts it once, on port 0, through tests/support/server.ts.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts the real chat server on demand and mints tokens for tests. */
function stockChatServerPlugin() {
  let server = null;
  let apiKey = null;
  async function start() {
    if (!server) {
      const { tsImport } = await import('tsx/esm/api');
      const { startServer } = await tsImport('./tests/support/server.ts', import.meta.url);
      server = startServer();
    }
    return server;
  }
  return {
    name: 'stock-chat-server',
    // Started with the dev server, before any browser page opens: compiling and starting the
    // chat server (tsx, SQLite, Koa) inside the first test file's session made that session
    // the slowest and, twice in CI, one that never finished.
    async serverStart() {
      await start();
    },
    async executeCommand({ command, payload }) {
      if (command === 'stock-chat-server') {
        const { url } = await start();
        return { url };
      }
      if (command === 'stock-chat-token') {
        const { sub, ...opts } = payload;
        return (await start()).token(sub, opts);
      }
      if (command === 'stock-chat-seed-rooms') {
        // Makes `sub` a member of `count` ticker rooms straight in the store (room paging).
        const { store } = await start();
        const { sub, prefix, count } = payload;
        for (let i = 0; i < count; i += 1) {
          const id = `$${prefix}${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`;
          await store.ensureRoom({ id, kind: 'ticker', name: id });
          await store.addMembers(id, [sub]);
        }
        return true;
      }
      if (command === 'stock-chat-seed-messages') {
        // Writes `count` messages ("seeded message 1"…) into a ticker room straight in the store.
        const { tsImport } = await import('tsx/esm/api');
        const { seedMessages } = await tsImport('./tests/support/server.ts', import.meta.url);
        const { room, count } = payload;
        await seedMessages((await start()).store, room, count);
        return true;
      }
      if (command === 'stock-chat-server-api') {
        // Calls the host platform's API (`/api/server/…`: quotes, disconnect) with one test key.
        const { tsImport } = await import('tsx/esm/api');
        const { api } = await tsImport('./tests/support/server.ts', import.meta.url);
        const { ApiKeys } = await tsImport('./server/domain/api-keys.ts', import.meta.url);
        const { url, store } = await start();
        apiKey ??= new ApiKeys(store)
          .create('widget-tests', ['publish', 'users'])
          .then((k) => k.key);
        const { method, route, body } = payload;
        return (await api(url, method, route, await apiKey, body)).status;
      }
      if (command === 'stock-chat-restart') {
        await (await start()).restart();
        return true;
      }
      return undefined;
    },
    async serverStop() {
      if (server) await (await server).close();
    },
  };
}

export default {
  files: ['tests/widget/**/*.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'production'] },
  concurrency: 1,
  testsFinishTimeout: 180_000,
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
    stockChatServerPlugin(),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  testFramework: { config: { timeout: 15_000 } },
};

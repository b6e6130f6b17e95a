/**
 * `npm run bench:widget`: the widget's message list in a busy room, in real
 * Chromium against the real server (port 0, loopback only). A room gets 5,000
 * messages straight in the store; the widget scrolls back through them (frame
 * times, each history page from its answer to the frame that shows it, shadow
 * DOM nodes), takes keystrokes (to the next frame), then a fresh widget takes
 * 100 messages a second for 10 s (long tasks, every message received). Prints
 * each figure with its target and PASS/MISS; exits non-zero on a MISS.
 * `WIDGET_BUNDLE=<file>` measures another build of the widget (e.g. an older one).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { percentile as nearest } from '../../protocol/percentile.js';
import { launchChromium } from '../../tests/support/chromium.js';
import { seedMessages, startServer } from '../../tests/support/server.js';
import { inPage } from './page.js';

const ROOM = '$WBENCH';
const percentile = (values: readonly number[], p: number): number =>
  values.length
    ? nearest(
        [...values].sort((a, b) => a - b),
        p,
      )
    : NaN;
const HISTORY = 5000;
const RATE = 100;
const SECONDS = 10;
const SCROLL_BUDGET_MS = 120_000;
const bundle = path.resolve(process.env.WIDGET_BUNDLE ?? 'widget/dist/stock-chat.js');
/** `--only scroll`: only the scroll-back probe (frame times and history pages). */
const only = process.argv.includes('--only')
  ? process.argv[process.argv.indexOf('--only') + 1]
  : undefined;

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number;
  /** `max`: the value must stay under the target; `min`: reach it. */
  kind: 'max' | 'min';
  note?: string;
}

/**
 * Serves the bench page and the widget's files (the loader, and the hashed entry and
 * chunks it imports from beside itself) from a loopback port of their own. Pages
 * fulfilled by `page.route` have no address, so Chromium's local network access
 * checks counted them as public and blocked their WebSocket to the loopback chat
 * server: the widget fell back to long-polling, and the history probe, which times
 * WebSocket frames, saw none.
 */
async function servePages(): Promise<{ url: string; close(): void }> {
  const pages = createServer((req, res) => {
    const asked = new URL(req.url ?? '/', 'http://bench');
    if (/\.m?js$/.test(asked.pathname)) {
      res.setHeader('content-type', 'text/javascript');
      return res.end(readFileSync(path.join(path.dirname(bundle), path.basename(asked.pathname))));
    }
    const [server, token] = [asked.searchParams.get('server'), asked.searchParams.get('token')];
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><body style="margin:0"><stock-chat mode="inline" style="--stock-chat-height:640px;display:block;width:420px"
      server="${server}" token="${token}" room="${ROOM}"></stock-chat><script src="/stock-chat.js"></script></body>`);
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const { port } = pages.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => pages.close() };
}

async function open(page: Page, pages: string, url: string, token: string): Promise<void> {
  // tsx names functions through a `__name` helper the page does not have.
  await page.addInitScript({ content: `var __name = (f) => f; (${inPage.toString()})();` });
  await page.goto(`${pages}/index.html?${new URLSearchParams({ server: url, token })}`);
  await page.waitForFunction(
    () => document.querySelector('stock-chat')?.shadowRoot?.querySelector('.message') !== null,
    undefined,
    { timeout: 30_000 },
  );
  if (!(await page.evaluate(() => window.__bench.websocket)))
    throw new Error('the widget is not on a WebSocket: the figures would be of long-polling');
}

async function main(): Promise<void> {
  const server = await startServer({
    RATE_LIMIT_MESSAGES: '100000',
    LIMIT_HISTORY_PER_MINUTE: '100000',
  });
  const browser = await launchChromium();
  const pages = await servePages();
  const figures: Figure[] = [];
  try {
    await seedMessages(server.store, ROOM, HISTORY);
    const reader = await browser.newPage();
    await open(reader, pages.url, server.url, await server.token('bench-reader'));

    // 1. Back through the whole history, 300 px a frame, paging as the reader would.
    const scroll = await reader.evaluate(
      (budget) => window.__bench.scrollBack(budget),
      SCROLL_BUDGET_MS,
    );
    figures.push(
      {
        name: 'scroll back: frame time p95',
        value: percentile(scroll.frames, 95),
        unit: 'ms',
        target: 17.5,
        kind: 'max',
        note: `${scroll.frames.length} frames, reached seq ${scroll.oldest} of ${HISTORY} in ${(scroll.ms / 1000).toFixed(1)} s`,
      },
      {
        name: 'history page: answer to shown, p95',
        value: percentile(scroll.pages, 95),
        unit: 'ms',
        target: 100,
        kind: 'max',
        note: `${scroll.pages.length} pages of ${scroll.answers} answers`,
      },
    );
    let nodes = scroll.nodes;

    if (only === 'scroll') return report(figures);

    // 2. Keystrokes with the whole history paged through.
    await reader.evaluate(() => window.__bench.watchKeys());
    const input = reader.locator('stock-chat').locator('textarea[part="input"]');
    await input.focus();
    for (const key of 'the quick brown fox jumps over') {
      await reader.keyboard.press(key === ' ' ? 'Space' : key);
      await reader.evaluate(() => window.__bench.keySettled());
    }
    const keys = await reader.evaluate(() => window.__bench.keys);
    figures.push({
      name: 'keystroke to next frame p95',
      value: percentile(keys, 95),
      unit: 'ms',
      target: 16,
      kind: 'max',
      note: `${keys.length} keys`,
    });
    nodes = Math.max(nodes, await reader.evaluate(() => window.__bench.nodeCount()));
    await reader.close();

    // 3. A fresh reader at the newest message; 100 messages a second for 10 s from 10 writers.
    const live = await browser.newPage();
    await open(live, pages.url, server.url, await server.token('bench-live'));
    await live.evaluate(() => window.__bench.watchBurst());
    const writers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => server.client(await server.token(`bench-w${i}`))),
    );
    for (const w of writers) await w.timeout(5000).emitWithAck('join_chat', { room: ROOM });
    let sent = 0;
    for (let tick = 0; tick < (RATE * SECONDS) / writers.length; tick += 1) {
      const at = Date.now();
      for (const [i, w] of writers.entries()) {
        sent += 1;
        w.emit(
          'send_message',
          { room: ROOM, text: `burst ${tick}.${i}`, clientId: `b-${tick}-${i}` },
          () => undefined,
        );
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - at))));
    }
    const deadline = Date.now() + 20_000;
    let burst = await live.evaluate(() => window.__bench.burst());
    while (burst.received < sent && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      burst = await live.evaluate(() => window.__bench.burst());
    }
    for (const w of writers) w.close();
    nodes = Math.max(nodes, burst.nodes);
    figures.push(
      {
        name: 'burst: longest task',
        value: burst.longest,
        unit: 'ms',
        target: 50,
        kind: 'max',
        note: `${burst.longTasks} tasks over 50 ms`,
      },
      {
        name: 'burst: messages received of sent',
        value: burst.received,
        unit: `/${sent}`,
        target: sent,
        kind: 'min',
        note: burst.lastShown ? 'the last one drawn' : 'the last one NOT drawn',
      },
      {
        name: 'shadow DOM nodes, most seen',
        value: nodes,
        unit: 'nodes',
        target: 3000,
        kind: 'max',
      },
    );
    await live.close();
    report(figures);
  } finally {
    await browser.close();
    pages.close();
    await server.close();
  }
}

function report(figures: Figure[]): void {
  console.log(`widget bundle: ${path.relative(process.cwd(), bundle)}`);
  let missed = 0;
  for (const f of figures) {
    const ok = f.kind === 'max' ? f.value < f.target : f.value >= f.target;
    if (!ok) missed += 1;
    const bound = f.kind === 'max' ? `< ${f.target}` : `>= ${f.target}`;
    console.log(
      `${ok ? 'PASS' : 'MISS'}  ${f.name}: ${f.value.toFixed(1)} ${f.unit} (target ${bound})${f.note ? `  [${f.note}]` : ''}`,
    );
  }
  process.exitCode = missed ? 1 : 0;
}

await main();

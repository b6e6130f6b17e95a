/**
 * Regenerates docs/admin-*.png: starts the app, drives 60 chat clients across six
 * ticker rooms (messages, leaves, dropped transports) for a minute so the charts
 * have data, then photographs each tab of the console in headless Chromium.
 *   node --import tsx tests/e2e/admin-screenshots.ts [warm-up ms, default 60000]
 * Not a test: the runner only picks up *.test.ts.
 */
import { io, type Socket } from 'socket.io-client';
import { startServer } from '../support/server.js';
import { launchChromium } from './admin.support.js';

const ROOMS = ['$AAPL', '$TSLA', '$NVDA', '$MSFT', '$BRK.A', '$AMD'];
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
const ORIGINS = ['https://insights.example.com', 'https://app.example.com', undefined];
const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)] as T;

const server = await startServer({ RATE_LIMIT_MESSAGES: '0', PING_INTERVAL_MS: '2000' });
const sockets: Socket[] = [];
for (let i = 0; i < 60; i++) {
  const name = NAMES[i % NAMES.length] as string;
  const origin = ORIGINS[i % ORIGINS.length];
  const socket = io(server.url, {
    auth: {
      token: await server.token(name, { name: name[0]?.toUpperCase() + name.slice(1) }),
      clientVersion: i % 4 ? 'widget/0.1.0' : 'widget/0.0.9',
    },
    transports: i % 5 === 0 ? ['polling'] : ['polling', 'websocket'],
    forceNew: true,
    extraHeaders: origin ? { origin } : undefined,
  });
  await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
  for (const room of ROOMS.filter((_r, k) => (i + k) % 3 === 0))
    socket.emit('join_chat', { room }, () => undefined);
  sockets.push(socket);
}

let n = 0;
const traffic = setInterval(() => {
  for (let k = 0; k < 1 + Math.floor(Math.random() * 6); k++) {
    const socket = pick(sockets);
    const room = pick(ROOMS);
    const text = `${room} looks strong today #${++n}`;
    socket.emit('join_chat', { room }, () =>
      socket.emit('send_message', { room, text, clientId: `shot-${n}` }, () => undefined),
    );
  }
  if (Math.random() < 0.15) sockets.shift()?.close();
  if (Math.random() < 0.1) pick(sockets).io.engine.close();
}, 400);

const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await page.goto(`${server.url}/admin/`);
await page.click('[data-action="dev-login"]');
await page.locator('[data-status="open"]').waitFor();
await page.waitForTimeout(Number(process.argv[2] ?? 60_000));
await page.screenshot({ path: 'docs/admin-overview.png', fullPage: true });
await page.click('[data-tab="connections"]');
await page.waitForTimeout(1500);
await page.screenshot({ path: 'docs/admin-connections.png' });
await page.click('[data-tab="rooms"]');
await page.waitForTimeout(1000);
await page.locator('tr[data-room="$AAPL"]').click();
await page.waitForTimeout(800);
await page.screenshot({ path: 'docs/admin-rooms.png' });
clearInterval(traffic);
await page.click('[data-tab="tests"]');
await page.click('[data-action="run"]');
await page.locator('[data-summary]').waitFor({ timeout: 60_000 });
await page.screenshot({ path: 'docs/admin-tests.png' });
process.stdout.write(`test suite: ${await page.locator('[data-summary]').textContent()}\n`);
await browser.close();
await server.close();
process.exit(0);

/**
 * Browser helpers for the widget's end-to-end tests: Debian's Chromium through
 * playwright-core, and small queries into `<stock-chat>`'s shadow root.
 */
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium from /usr/bin/chromium (or CHROMIUM_PATH). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A host page that embeds the widget by script tag, with hostile CSS, for one user. */
export function hostPage(opts: {
  user: string;
  name: string;
  friends?: string[];
  room?: string;
}): string {
  const user = JSON.stringify({ sub: opts.user, name: opts.name, friends: opts.friends ?? [] });
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>host</title>
<style>
  * { all: unset !important; box-sizing: content-box !important; }
  html { font-size: 40px !important; }
  body { display: block !important; font-family: serif !important; }
  stock-chat { font-size: 48px !important; color: red !important; }
</style>
<script src="/widget/stock-chat.js" defer></script>
<script type="module">
  const el = document.querySelector('stock-chat');
  window.__events = [];
  for (const name of ['stock-chat-ready', 'stock-chat-message', 'stock-chat-unread-change', 'stock-chat-error'])
    document.addEventListener(name, (e) => window.__events.push({ name, detail: JSON.parse(JSON.stringify(e.detail)) }));
  window.__tokenCalls = 0;
  el.server = location.origin;
  el.tokenProvider = async () => {
    window.__tokenCalls += 1;
    const r = await fetch('/api/dev/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(user)} });
    return (await r.json()).token;
  };
</script>
</head><body>
<stock-chat mode="inline" ${opts.room ? `room="${opts.room}"` : ''}></stock-chat>
</body></html>`;
}

/**
 * Opens `path` on the chat server's own origin but answers it with `html`, so the
 * host page is same-origin with the server (no CORS needed) and loads the real bundle.
 */
export async function openHostPage(page: Page, base: string, html: string): Promise<void> {
  const url = `${base}/e2e-host.html`;
  await page.route(url, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: html }),
  );
  await page.goto(url);
}

/** A locator inside the first `<stock-chat>` (Playwright pierces open shadow roots). */
export function widget(page: Page, selector: string): Locator {
  return page.locator(`stock-chat ${selector}`);
}

/** Waits until the status chip says `status`. */
export async function waitForStatus(page: Page, status: string, timeout = 15_000): Promise<void> {
  await widget(page, `[part~="status"][data-status="${status}"]`).waitFor({ timeout });
}

/** Types a message in the open room and presses Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const input = widget(page, 'textarea[part="input"]');
  await input.fill(text);
  await input.press('Enter');
}

/** The texts of the messages in the open room, in display order. */
export function messageTexts(page: Page): Promise<string[]> {
  return widget(page, '[part~="message-text"]').allTextContents();
}

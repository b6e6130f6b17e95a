import type { Page } from 'playwright-core';

export { launchChromium } from '../support/chromium.js';

/** Collects the page's errors and CSP violations, which a test asserts stay empty. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' || /Content Security Policy/i.test(text)) problems.push(text);
  });
  return problems;
}

/** Polls `read` until `done` holds; returns the last value either way. */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

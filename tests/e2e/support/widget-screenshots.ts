/**
 * Regenerates docs/widget-light.png, docs/widget-dark.png and
 * docs/widget-mobile.png from the demo page against a real server:
 * `node --import tsx tests/e2e/support/widget-screenshots.ts` (after build:widget).
 */
import { startServer } from '../../support/server.js';
import { launchChromium, openEmbed, sendMessage, waitForStatus } from './widget-browser.js';
import type { Page } from 'playwright-core';

async function say(page: Page, selector: string, text: string): Promise<void> {
  const input = page.locator(`${selector} textarea[part="input"]`);
  await input.fill(text);
  await input.press('Enter');
  await page.waitForTimeout(250);
}

const server = await startServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${server.url}/`);
  await page.locator('#alice [data-status="online"]').waitFor({ state: 'attached' });
  await page.locator('#bob [data-status="online"]').waitFor({ state: 'attached' });
  await page.locator('#bob [part~="room"][data-room="dm:alice:bob"]').click();
  await page.locator('#alice [part~="room"][data-room="dm:alice:bob"]').click();
  await say(page, '#alice', 'Morning Bob! Did you see $TSLA after the open?');
  await say(page, '#bob', 'Yes, up 4% on delivery numbers. Watching $NVDA too.');
  await say(page, '#alice', 'Long messages wrap nicely:\nline two of a multi-line note.');
  // Issue 11's chat features: a reply with its quote, a mention, a link and a reaction.
  await page
    .locator('#alice [part~="message"]', { hasText: 'Watching $NVDA' })
    .locator('[part~="reply-button"]')
    .click();
  await say(page, '#alice', '@bob good call, chart: https://example.com/charts/TSLA?range=1d');
  await page
    .locator('#bob [part~="message"]', { hasText: 'Morning Bob' })
    .locator('[part~="react-button"]')
    .click();
  await page.locator('#bob [part~="reaction-option"]').nth(2).click();
  await page.locator('#alice [part~="reaction"]').waitFor();
  // Clicking the react button scrolled Bob's list up: show both at their newest message.
  await page
    .locator('stock-chat [part~="messages"]')
    .evaluateAll((lists) => lists.forEach((l) => (l.scrollTop = l.scrollHeight)));
  await page.locator('#alice textarea[part="input"]').pressSequentially('Let me');
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/widget-light.png' });

  await page.goto(`${server.url}/?theme=dark`);
  await page.locator('#bob [data-status="online"]').waitFor({ state: 'attached' });
  await page.locator('#bob [part~="room"][data-room="dm:alice:bob"]').click();
  await page.locator('#alice [part~="room"][data-room="dm:alice:bob"]').click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: 'docs/widget-dark.png' });

  const mobile = await browser.newPage({
    viewport: { width: 360, height: 740 },
    reducedMotion: 'reduce',
  });
  await openEmbed(mobile, server.url, {
    user: 'alice',
    name: 'Alice',
    mode: 'launcher',
    room: '$TSLA',
  });
  await waitForStatus(mobile, 'online');
  await mobile
    .locator('stock-chat')
    .evaluate((el) => (el as HTMLElement & { open(): void }).open());
  await sendMessage(mobile, 'Checking $TSLA from my phone.');
  await mobile.waitForTimeout(500);
  await mobile.screenshot({ path: 'docs/widget-mobile.png' });
} finally {
  await browser.close();
  await server.close();
}

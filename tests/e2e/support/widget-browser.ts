/**
 * Browser helpers for the widget's end-to-end tests: Debian's Chromium through
 * playwright-core, and small queries into `<stock-chat>`'s shadow root.
 */
import type { Locator, Page } from 'playwright-core';

export { CHROMIUM_ARGS, launchChromium } from '../../support/chromium.js';

export interface EmbedOptions {
  user: string;
  name?: string;
  friends?: string[];
  room?: string;
  mode?: 'inline' | 'launcher';
  locale?: string;
  /** Token lifetime in seconds. */
  ttl?: number;
  /** Token roles, e.g. `['moderator']`. */
  roles?: string[];
}

/**
 * Opens demo/embed.html, served by the chat server itself: a host page with
 * hostile CSS that embeds the widget by script tag and signs in as `user`.
 */
export async function openEmbed(page: Page, base: string, opts: EmbedOptions): Promise<void> {
  const query = new URLSearchParams({
    user: opts.user,
    name: opts.name ?? opts.user,
    friends: (opts.friends ?? []).join(','),
    mode: opts.mode ?? 'inline',
    ...(opts.room ? { room: opts.room } : {}),
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(opts.ttl ? { ttl: String(opts.ttl) } : {}),
    ...(opts.roles ? { roles: opts.roles.join(',') } : {}),
  });
  await page.goto(`${base}/embed.html?${query}`);
}

/** Widget events the embed page recorded, by name. */
export function recordedEvents<T = unknown>(page: Page, name: string): Promise<T[]> {
  return page.evaluate(
    (wanted) =>
      (
        window as unknown as { stockChatEvents: { name: string; detail: unknown }[] }
      ).stockChatEvents
        .filter((event) => event.name === wanted)
        .map((event) => event.detail),
    name,
  ) as Promise<T[]>;
}

/** A locator inside the first `<stock-chat>` (Playwright pierces open shadow roots). */
export function widget(page: Page, selector: string): Locator {
  return page.locator(`stock-chat ${selector}`);
}

/**
 * Waits for the widget's connection `status` property (not its status chip, which
 * rides out drops shorter than a second and so can say online while reconnecting).
 */
export async function waitForStatus(page: Page, status: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (want) =>
      [...document.querySelectorAll('stock-chat')].some(
        (el) => (el as HTMLElement & { status?: string }).status === want,
      ),
    status,
    { timeout },
  );
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

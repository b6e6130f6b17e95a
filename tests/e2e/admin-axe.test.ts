import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { joinedClient, sendText } from '../support/chat.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { api, request } from '../support/server.js';
import { watchProblems } from './admin.support.js';

const server = withServer();
const browser = withBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the page (evaluated, so the console's CSP stays as served) over the
 * whole document, open shadow roots included; WCAG 2.x A and AA rules and best practices.
 */
async function axe(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const run = (
      window as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown }> } }
    ).axe;
    const result = await run.run({
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    return result.violations as Violation[];
  });
}

const describeViolations = (tab: string, violations: Violation[]) =>
  violations
    .map(
      (v) =>
        `${tab}: ${v.id} (${v.impact}) ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) =>
            `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.replace(/\n/g, ' '),
          )
          .join('\n'),
    )
    .join('\n');

/** Each tab and what shows it has loaded its live data. */
const TABS: { tab: string; ready: string }[] = [
  { tab: 'overview', ready: 'admin-overview' },
  { tab: 'connections', ready: 'admin-connections tr[data-socket]' },
  { tab: 'rooms', ready: 'admin-rooms tr[data-room]' },
  { tab: 'moderation', ready: 'mod-reports article.report' },
  { tab: 'webhooks', ready: 'admin-webhooks' },
  { tab: 'tests', ready: 'admin-diagnose' },
];

describe('admin console accessibility (axe-core)', () => {
  it('has no axe violations on any tab, with live data', async () => {
    const author = await joinedClient(server, 'ax-author', '$AXE', { name: 'Ann' });
    const reporter = await joinedClient(server, 'ax-rep', '$AXE', { name: 'Rob' });
    const bad = await sendText(author, '$AXE', 'guaranteed 10x');
    await sendText(reporter, '$AXE', 'hmm');
    assert.ok(
      (await request(reporter, 'report_message', { room: '$AXE', seq: bad.seq, reason: 'spam' }))
        .ok,
    );
    const admin = await server.token('ax-admin', { name: 'Ada', roles: ['admin'] });
    const muted = await api(server.url, 'POST', '/api/mod/mutes', admin, {
      userId: 'ax-author',
      minutes: 30,
      reason: 'cool off',
    });
    assert.equal(muted.status, 201);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = watchProblems(page);
    await page.goto(`${server.url}/admin/`);
    // The sign-in screen too.
    await page.locator('textarea[name="token"]').waitFor();
    const found: string[] = [];
    const signIn = await axe(page);
    if (signIn.length) found.push(describeViolations('sign-in', signIn));
    await page.fill('textarea[name="token"]', admin);
    await page.click('button[type="submit"]');
    await page.locator('[data-status="open"]').waitFor();

    for (const { tab, ready } of TABS) {
      await page.locator(`[data-tab="${tab}"]`).click();
      await page.locator(ready).first().waitFor();
      if (tab === 'moderation') {
        await page.fill('mod-user input[name="q"]', 'ax-author');
        await page.locator('mod-user input[name="q"]').press('Enter');
        await page.locator('mod-user section.review').waitFor();
        await page.locator('table.mutes tr[data-user]').first().waitFor();
      }
      if (tab === 'rooms') {
        await page.locator('admin-rooms tr[data-room="$AXE"]').click();
        await page.locator('admin-rooms .events li, admin-rooms .events tr').first().waitFor();
      }
      if (tab === 'tests') {
        await page.click('[data-action="run"]');
        await page.locator('[data-summary]').waitFor({ timeout: 60_000 });
      }
      const violations = await axe(page);
      if (violations.length) found.push(describeViolations(tab, violations));
      if (tab === 'moderation') {
        // The sanction dialog, open over the tab.
        await page.locator('mod-user button[data-act="ban"]').click();
        await page.locator('mod-sanction-dialog dialog[open]').waitFor();
        const inDialog = await axe(page);
        if (inDialog.length) found.push(describeViolations('sanction dialog', inDialog));
        await page.keyboard.press('Escape');
        await page.locator('mod-sanction-dialog dialog[open]').waitFor({ state: 'detached' });
      }
    }
    if (found.length) console.error(found.join('\n'));
    assert.deepEqual(found, [], `axe violations:\n${found.join('\n')}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

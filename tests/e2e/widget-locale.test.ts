import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withBrowser, withServer } from '../support/fixtures.js';
import { openEmbed, sendMessage, waitForStatus, widget } from './support/widget-browser.js';

// The built bundle on a host page, in zh-Hans and zh-Hant: the locale tables are
// fetched next to /widget/stock-chat.js, and the server's refusals are shown from
// their codes in the page's language, never in the server's English.

const CASES = [
  {
    locale: 'zh-Hans',
    send: '发送',
    spam: '新账户需等待 60 分钟后才能在股票房间发布链接。',
    missing: '该项目不存在。',
  },
  {
    locale: 'zh-Hant',
    send: '傳送',
    spam: '新帳戶需等待 60 分鐘後才能在股票房間發佈連結。',
    missing: '這個項目不存在。',
  },
];

describe('<stock-chat> errors in Chinese, end to end', () => {
  const server = withServer();
  const browser = withBrowser();

  for (const c of CASES) {
    it(`shows why a spam rule refused a link, and a missing group, in ${c.locale}`, async () => {
      const page = await browser.newPage();
      const user = `loc-${c.locale.toLowerCase()}`;
      await openEmbed(page, server.url, { user, room: '$LOCL', locale: c.locale });
      await waitForStatus(page, 'online');
      await widget(page, '[part~="send"]').filter({ hasText: c.send }).waitFor();

      // A new account may not post links in a ticker room: the server answers `spam`.
      const text = 'pump it https://example.com/now';
      await sendMessage(page, text);
      await widget(page, '[part~="composer-error"]').filter({ hasText: c.spam }).waitFor();
      assert.equal(await widget(page, 'textarea[part="input"]').inputValue(), text);
      const shown = await page.locator('stock-chat').evaluate((el) => el.shadowRoot!.textContent);
      assert.doesNotMatch(shown ?? '', /new accounts can post links/, 'the server’s English shows');

      await widget(page, '[part~="join-input"]').fill('g:doesnotexist');
      await widget(page, '[part~="join-button"]').click();
      await widget(page, '#join-error').filter({ hasText: c.missing }).waitFor();
      await page.close();
    });
  }

  it('lets the demo page switch its widgets to zh-Hans', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(server.url);
    await page.selectOption('#locale', 'zh-Hans');
    // Every composer of the demo page's inline widgets shows its button in Simplified Chinese.
    const inline = page.locator('stock-chat[mode="inline"] [part~="send"]');
    await inline.first().filter({ hasText: '发送' }).waitFor();
    const labels = await inline.allTextContents();
    assert.deepEqual(new Set(labels.map((l) => l.trim())), new Set(['发送']));
    await page.close();
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mute } from '../../protocol/admin.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { api } from '../support/server.js';
import { openEmbed, waitForStatus, widget } from './support/widget-browser.js';

const server = withServer();
const browser = withBrowser();

describe('<stock-chat> and the muted notice', () => {
  it('shows a moderator’s mute in the composer at once, without the user sending, and clears it on lift', async () => {
    const page = await (await browser.newContext()).newPage();
    await openEmbed(page, server.url, { user: 'mpush', name: 'Mia', room: '$MPUSH' });
    await waitForStatus(page, 'online');
    const input = widget(page, 'textarea[part="input"]');
    await input.waitFor();
    assert.equal(await input.isDisabled(), false);

    const mod = await server.token('mpush-mod', { roles: ['moderator'] });
    const res = await api<{ mute: Mute }>(server.url, 'POST', '/api/mod/mutes', mod, {
      userId: 'mpush',
      room: '$MPUSH',
      minutes: 60,
      reason: 'cool off',
    });
    assert.equal(res.status, 201);
    const note = widget(page, '[part="composer-note"][data-kind="muted"]');
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /You are muted here/);
    assert.equal(await input.isDisabled(), true);

    await api(server.url, 'DELETE', `/api/mod/mutes/${res.body.mute.id}`, mod);
    await note.waitFor({ state: 'detached' });
    assert.equal(await input.isDisabled(), false);
    await page.close();
  });
});

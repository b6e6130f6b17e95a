import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mute } from '../../protocol/admin.js';
import { withBrowser, withServer } from '../support/fixtures.js';
import { api } from '../support/server.js';
import {
  openEmbed,
  recordedEvents,
  sendMessage,
  waitForStatus,
  widget,
} from './support/widget-browser.js';

// The built widget loads its rarely used parts as chunks on first use: what a page
// fetches, and what a menu says when its chunk cannot be had.

describe('<stock-chat> chunks loaded on first use', () => {
  const server = withServer();
  const browser = withBrowser();

  it('fetches the message menu only when one opens, once, from beside the script', async () => {
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await openEmbed(page, server.url, { user: 'chunky', room: '$CHNK' });
    await waitForStatus(page, 'online');
    await sendMessage(page, 'a message with a menu');
    await widget(page, '[part~="message-state"]').filter({ hasText: 'Sent' }).waitFor();
    const panels = () => fetched.filter((p) => /^\/widget\/message-panels-[\w-]{8}\.mjs$/.test(p));
    assert.deepEqual(panels(), [], 'the menu chunk was fetched before any menu opened');
    assert.ok(fetched.some((p) => /^\/widget\/stock-chat-[\w-]{8}\.mjs$/.test(p)));

    await widget(page, '[part~="message-actions-toggle"]').click();
    await widget(page, '[part~="action-edit"]').waitFor();
    await widget(page, '[part~="message-menu"] button').filter({ hasText: 'Cancel' }).click();
    await widget(page, '[part~="react-button"]').click();
    await widget(page, '[part~="reaction-picker"]').waitFor();
    assert.equal(panels().length, 1);
    await page.close();
  });

  it('styles a menu step with the styles its chunk brings: the editor is a column', async () => {
    const page = await browser.newPage();
    await openEmbed(page, server.url, { user: 'chunkstyle', room: '$CHNS' });
    await waitForStatus(page, 'online');
    await sendMessage(page, 'a message to edit');
    await widget(page, '[part~="message-state"]').filter({ hasText: 'Sent' }).waitFor();
    await widget(page, '[part~="message-actions-toggle"]').click();
    await widget(page, '[part~="action-edit"]').click();
    const editor = widget(page, '[part~="message-editor"]');
    await editor.waitFor();
    assert.equal(await editor.evaluate((el) => getComputedStyle(el).flexDirection), 'column');
    // The hint is muted: --stock-chat-muted's light default, #4b5563.
    const hint = widget(page, '[part~="message-editor"] .hint');
    assert.equal(await hint.evaluate((el) => getComputedStyle(el).color), 'rgb(75, 85, 99)');
    await page.close();
  });

  it('says so when a menu cannot load, offline', async () => {
    const page = await browser.newPage();
    await page.route(/\/widget\/message-panels-/, (route) => route.abort('internetdisconnected'));
    await openEmbed(page, server.url, { user: 'chunkless', room: '$CHNL' });
    await waitForStatus(page, 'online');
    await sendMessage(page, 'a menu that will not load');
    await widget(page, '[part~="message-state"]').filter({ hasText: 'Sent' }).waitFor();
    await widget(page, '[part~="message-actions-toggle"]').click();
    await widget(page, '[part~="message-menu"]')
      .filter({ hasText: 'This menu could not load; check the connection.' })
      .waitFor();
    await page.close();
  });

  /** A moderator mutes `user` in `room` for an hour over REST; resolves with the mute's id. */
  async function mute(user: string, room: string): Promise<string> {
    const mod = await server.token(`${user}-mod`, { roles: ['moderator'] });
    const res = await api<{ mute: Mute }>(server.url, 'POST', '/api/mod/mutes', mod, {
      userId: user,
      room,
      minutes: 60,
      reason: 'cool off',
    });
    assert.equal(res.status, 201);
    return res.body.mute.id;
  }

  it("fetches the composer's note only when a mute shows one, styled by its chunk", async () => {
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await openEmbed(page, server.url, { user: 'notechunk', room: '$NOTE' });
    await waitForStatus(page, 'online');
    await sendMessage(page, 'before the mute');
    await widget(page, '[part~="message-state"]').filter({ hasText: 'Sent' }).waitFor();
    const notes = () => fetched.filter((p) => /^\/widget\/composer-note-[\w-]{8}\.mjs$/.test(p));
    assert.deepEqual(notes(), [], "the note's chunk was fetched before any note showed");

    await mute('notechunk', '$NOTE');
    const note = widget(page, '[part="composer-note"][data-kind="muted"]');
    await note
      .filter({ hasText: /You are muted here\. You can post again in \d+ minutes\./ })
      .waitFor();
    assert.equal(await widget(page, 'textarea[part="input"]').isDisabled(), true);
    // --stock-chat-danger's default, #b91c1c: the note's styles came with it.
    assert.equal(await note.evaluate((el) => getComputedStyle(el).color), 'rgb(185, 28, 28)');
    assert.equal(notes().length, 1);
    await page.close();
  });

  it("disables the composer at once when the note's chunk cannot load, says the short reason, and sends after the lift", async () => {
    const page = await browser.newPage();
    await page.route(/\/widget\/composer-note-/, (route) => route.abort('internetdisconnected'));
    await openEmbed(page, server.url, { user: 'noteless', room: '$NOTL' });
    await waitForStatus(page, 'online');
    const input = widget(page, 'textarea[part="input"]');
    await input.waitFor();

    const id = await mute('noteless', '$NOTL');
    const note = widget(page, '[part="composer-note"][data-kind="muted"]');
    await note.filter({ hasText: /^\s*You are muted here\.\s*$/ }).waitFor();
    assert.equal(await input.isDisabled(), true);

    const mod = await server.token('noteless-mod', { roles: ['moderator'] });
    await api(server.url, 'DELETE', `/api/mod/mutes/${id}`, mod);
    await note.waitFor({ state: 'detached' });
    await sendMessage(page, 'after the lift');
    await widget(page, '[part~="message-state"]').filter({ hasText: 'Sent' }).waitFor();
    await page.close();
  });

  /** Bans `user` for an hour over REST, before they open the chat. */
  async function ban(user: string): Promise<void> {
    const mod = await server.token(`${user}-mod`, { roles: ['moderator'] });
    const res = await api(server.url, 'POST', '/api/mod/bans', mod, {
      userId: user,
      minutes: 60,
      reason: 'not welcome',
    });
    assert.equal(res.status, 201);
  }

  const refusalChunk = (fetched: string[]) =>
    fetched.filter((p) => /^\/widget\/connect-refusal-[\w-]{8}\.mjs$/.test(p));
  const errorCodes = async (page: Parameters<typeof recordedEvents>[0]) =>
    (await recordedEvents<{ code: string }>(page, 'stock-chat-error')).map((e) => e.code);

  it('reads a refused sign-in with a chunk fetched only then: a banned user is told so', async () => {
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await openEmbed(page, server.url, { user: 'welcome', room: '$RFSD' });
    await waitForStatus(page, 'online');
    assert.deepEqual(refusalChunk(fetched), [], 'a sign-in that worked fetched the refusal chunk');
    await page.close();

    await ban('refused');
    const refused = await browser.newPage();
    fetched.length = 0;
    refused.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await openEmbed(refused, server.url, { user: 'refused', room: '$RFSD' });
    await waitForStatus(refused, 'offline');
    await widget(refused, '[part="composer-note"][data-kind="banned"]').waitFor();
    assert.deepEqual(await errorCodes(refused), ['banned']);
    assert.equal(refusalChunk(fetched).length, 1);
    await refused.close();
  });

  it('says it cannot connect when a refused sign-in cannot be read, offline', async () => {
    await ban('unread');
    const page = await browser.newPage();
    await page.route(/\/widget\/connect-refusal-/, (route) => route.abort('internetdisconnected'));
    await openEmbed(page, server.url, { user: 'unread', room: '$RFSU' });
    await waitForStatus(page, 'offline');
    assert.deepEqual(await errorCodes(page), ['connect_failed']);
    await page.close();
  });
});

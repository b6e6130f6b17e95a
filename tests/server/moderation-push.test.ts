import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { MutedEvent } from '../../protocol/wire.js';
import type { Mute, ReportNotice } from '../../protocol/admin.js';
import { joinedClient, sendText } from '../support/chat.js';
import { withServer } from '../support/fixtures.js';
import { api, collect, nextEvent, request } from '../support/server.js';
import { adminClient } from './admin.support.js';

const server = withServer();
let mod: string;
before(async () => {
  mod = await server.token('push-mod', { roles: ['moderator'] });
});

describe('muted (server -> client)', () => {
  it('reaches every socket of the muted user when a moderator mutes them in a room over REST', async () => {
    const tab1 = await joinedClient(server, 'mp-user', '$MPA');
    const tab2 = await server.client(await server.token('mp-user'));
    const bystander = await joinedClient(server, 'mp-other', '$MPA');
    const heard = [nextEvent<MutedEvent>(tab1, 'muted'), nextEvent<MutedEvent>(tab2, 'muted')];
    const quiet = collect<MutedEvent>(bystander, 'muted', 300);
    const res = await api<{ mute: Mute }>(server.url, 'POST', '/api/mod/mutes', mod, {
      userId: 'mp-user',
      room: '$MPA',
      minutes: 60,
      reason: 'cool off',
    });
    assert.equal(res.status, 201);
    for (const notice of await Promise.all(heard))
      assert.deepEqual(notice, { room: '$MPA', until: res.body.mute.until, reason: 'cool off' });
    assert.deepEqual(await quiet, []);
  });

  it('says a mute in every room with room null, and a lift with until null', async () => {
    const socket = await joinedClient(server, 'mp-global', '$MPB');
    const muted = nextEvent<MutedEvent>(socket, 'muted');
    const res = await api<{ mute: Mute }>(server.url, 'POST', '/api/mod/mutes', mod, {
      userId: 'mp-global',
      minutes: 1440,
      reason: 'spam everywhere',
    });
    assert.equal(res.status, 201);
    assert.deepEqual(await muted, {
      room: null,
      until: res.body.mute.until,
      reason: 'spam everywhere',
    });
    const lifted = nextEvent<MutedEvent>(socket, 'muted');
    const lift = await api(
      server.url,
      'DELETE',
      `/api/mod/mutes/${res.body.mute.id}?reason=appeal`,
      mod,
    );
    assert.equal(lift.status, 200);
    assert.deepEqual(await lifted, { room: null, until: null, reason: 'appeal' });
    const sent = await request(socket, 'send_message', {
      room: '$MPB',
      text: 'back again',
      clientId: 'mp-1',
    });
    assert.ok(sent.ok);
  });

  it('names the mute still in force when a room mute is lifted under a global one', async () => {
    const socket = await joinedClient(server, 'mp-both', '$MPC');
    const room = await api<{ mute: Mute }>(server.url, 'POST', '/api/mod/mutes', mod, {
      userId: 'mp-both',
      room: '$MPC',
      minutes: 10,
      reason: 'room',
    });
    const global = await api<{ mute: Mute }>(server.url, 'POST', '/api/mod/mutes', mod, {
      userId: 'mp-both',
      minutes: 120,
      reason: 'global',
    });
    const lifted = nextEvent<MutedEvent>(socket, 'muted');
    await api(server.url, 'DELETE', `/api/mod/mutes/${room.body.mute.id}`, mod);
    assert.deepEqual(await lifted, {
      room: '$MPC',
      until: global.body.mute.until,
      reason: 'global',
    });
  });
});

describe('report (/admin server -> client)', () => {
  it('reaches every open console when a user reports a message, once per reporter', async () => {
    const author = await joinedClient(server, 'rp-author', '$RPL');
    const reporter = await joinedClient(server, 'rp-rep', '$RPL');
    const operator = await adminClient(
      server.url,
      await server.token('rp-view', { roles: ['viewer'] }),
    );
    const message = await sendText(author, '$RPL', 'send me your keys');
    const heard = new Promise<ReportNotice>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no report within 3000 ms')), 3000);
      operator.once('report', (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    const ack = await request<{ reportId: string }>(reporter, 'report_message', {
      room: '$RPL',
      seq: message.seq,
      reason: 'abuse',
    });
    assert.ok(ack.ok);
    const notice = await heard;
    assert.deepEqual(
      { id: notice.id, room: notice.room, seq: notice.seq, reason: notice.reason },
      { id: ack.data.reportId, room: '$RPL', seq: message.seq, reason: 'abuse' },
    );
    const again = new Promise<ReportNotice[]>((resolve) => {
      const seen: ReportNotice[] = [];
      operator.on('report', (r) => seen.push(r));
      // A round trip after the repeat: anything it pushed has arrived by then.
      void request(reporter, 'report_message', { room: '$RPL', seq: message.seq, reason: 'spam' })
        .then(() => operator.timeout(3000).emitWithAck('overview', {}))
        .then(() => resolve(seen));
    });
    assert.deepEqual(await again, []);
    operator.close();
  });
});

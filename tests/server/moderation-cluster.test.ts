import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { dmRoomId } from '../../protocol/rooms.js';
import type { ErrorBody } from '../../protocol/wire.js';
import { clientId, joinedClient } from '../support/chat.js';
import { withCluster, withServer } from '../support/fixtures.js';
import { api, nextEvent, request, type ClientSocket, type TestServer } from '../support/server.js';

/** How soon a moderation action made on one node must hold on the others. */
const WITHIN_MS = 1000;

/**
 * Repeats `attempt` until it answers a refusal (its error code), failing the test
 * when none came within WITHIN_MS; returns how long it took and how many attempts
 * got through (messages stored) meanwhile.
 */
async function untilRefused(attempt: () => Promise<string | null>) {
  const started = performance.now();
  let through = 0;
  for (;;) {
    const refusal = await attempt();
    const ms = performance.now() - started;
    if (refusal !== null) return { refusal, ms, through };
    through += 1;
    assert.ok(ms < WITHIN_MS, `still not refused after ${Math.round(ms)} ms (${through} stored)`);
  }
}

const send = async (socket: ClientSocket, room: string) => {
  const ack = await request(socket, 'send_message', {
    room,
    text: clientId(),
    clientId: clientId(),
  });
  return ack.ok ? null : ack.error.code;
};

describe('moderation across nodes sharing Redis', () => {
  // The periodic reload stays out of reach: each change must be pushed to the other node.
  const cluster = withCluster({ MODERATION_REFRESH_MS: '60000', RATE_LIMIT_MESSAGES: '0' });
  const nodes = () => cluster.nodes as [TestServer, TestServer];
  let mod: string;
  before(async () => {
    mod = await nodes()[0].token('cluster-mod', { roles: ['moderator'] });
  });

  it('refuses a user banned on one node on the other within a second, and disconnects them there', async (t) => {
    const [one, two] = nodes();
    const token = await two.token('ban-me');
    const socket = await joinedClient(two, 'ban-me', '$BANX');
    const kicked = nextEvent<string>(socket, 'disconnect');
    const res = await api(one.url, 'POST', '/api/mod/bans', mod, {
      userId: 'ban-me',
      reason: 'spam',
    });
    assert.equal(res.status, 201);
    assert.equal(await kicked, 'io server disconnect');
    // The banned user comes straight back to the other node and tries to post.
    const { refusal, ms, through } = await untilRefused(async () => {
      const again = await two.client(token).catch((err: Error & { data?: ErrorBody }) => err);
      if (again instanceof Error) return again.data?.code ?? again.message;
      const code = await send(again, '$BANX');
      again.close();
      return code;
    });
    assert.equal(refusal, 'banned');
    t.diagnostic(`ban: refused on the other node after ${Math.round(ms)} ms, ${through} stored`);
  });

  it('refuses the sends of a user muted on one node on the other within a second', async (t) => {
    const [one, two] = nodes();
    const socket = await joinedClient(two, 'mute-me', '$MUTEX');
    const res = await api(one.url, 'POST', '/api/mod/mutes', mod, {
      userId: 'mute-me',
      reason: 'noise',
    });
    assert.equal(res.status, 201);
    const { refusal, ms, through } = await untilRefused(() => send(socket, '$MUTEX'));
    assert.equal(refusal, 'muted');
    t.diagnostic(`mute: refused on the other node after ${Math.round(ms)} ms, ${through} stored`);
  });

  it('refuses the DMs of a user blocked on one node, sent on the other, within a second', async (t) => {
    const [one, two] = nodes();
    const blocker = await one.client(await one.token('blocker', { friends: ['pest'] }));
    const pest = await two.client(await two.token('pest'));
    const room = dmRoomId('blocker', 'pest');
    assert.equal(await send(pest, room), null, 'friends may DM before the block');
    const blocked = await request(blocker, 'block_user', { userId: 'pest' });
    assert.ok(blocked.ok);
    const { refusal, ms, through } = await untilRefused(() => send(pest, room));
    assert.equal(refusal, 'forbidden');
    t.diagnostic(`block: refused on the other node after ${Math.round(ms)} ms, ${through} stored`);
  });

  it('lets a user unbanned on one node back in on the other within a second', async () => {
    const [one, two] = nodes();
    const token = await two.token('pardoned');
    assert.equal(
      (await api(one.url, 'POST', '/api/mod/bans', mod, { userId: 'pardoned', reason: 'x' }))
        .status,
      201,
    );
    await untilRefused(async () => {
      const attempt = await two.client(token).catch((err: Error & { data?: ErrorBody }) => err);
      if (attempt instanceof Error) return attempt.data?.code ?? attempt.message;
      attempt.close();
      return null;
    });
    const lifted = await api(one.url, 'DELETE', '/api/mod/bans/pardoned?reason=ok', mod);
    assert.equal(lifted.status, 200);
    const started = performance.now();
    let socket: ClientSocket | undefined;
    while (!socket) {
      socket = await two.client(token).catch((err: Error & { data?: ErrorBody }) => {
        assert.equal(err.data?.code, 'banned');
        assert.ok(performance.now() - started < WITHIN_MS, 'still banned on the other node');
        return undefined;
      });
    }
    assert.ok(socket.connected);
  });
});

describe('ModerationState.refresh', () => {
  const server = withServer();

  it('keeps a change that lands while it reads the store', async () => {
    const state = server.app.moderationState;
    await server.token('refresh-race');
    const reload = state.refresh();
    state.setBan(
      { userId: 'refresh-race', until: null, reason: 'pushed meanwhile' },
      'refresh-race',
    );
    state.setBlock('refresh-a', 'refresh-b', true);
    await reload;
    assert.equal(state.banOf('refresh-race')?.reason, 'pushed meanwhile');
    assert.ok(state.eitherBlocks('refresh-a', 'refresh-b'));
  });
});

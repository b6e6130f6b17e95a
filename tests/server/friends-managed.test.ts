import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiKeys } from '../../server/domain/api-keys.js';
import type { Friend } from '../../protocol/wire.js';
import { withServer } from '../support/fixtures.js';
import { api } from '../support/server.js';

const server = withServer({ FRIENDS_MANAGED_BY_HOST: 'true' });
type Friends = { friends: Friend[]; incoming: unknown[]; managedByHost: boolean };
type Refusal = { error: { code: string; message: string } };

describe('FRIENDS_MANAGED_BY_HOST=true', () => {
  it('refuses friend requests, accepts and removals from users with 403 forbidden, changing nothing', async () => {
    const ada = await server.token('ada');
    await server.token('bob');
    const key = (await new ApiKeys(server.store).create('social', ['users'])).key;
    const put = await api(server.url, 'PUT', '/api/server/users/ada/friends', key, ['bob']);
    assert.equal(put.status, 200);

    const asked = await api<Refusal>(server.url, 'POST', '/api/friends/requests', ada, {
      to: 'cy',
    });
    assert.deepEqual([asked.status, asked.body.error.code], [403, 'forbidden']);
    assert.match(
      asked.body.error.message,
      /managed by the host platform .*FRIENDS_MANAGED_BY_HOST/,
    );
    const accepted = await api<Refusal>(
      server.url,
      'POST',
      '/api/friends/requests/r1/accept',
      ada,
      {},
    );
    assert.deepEqual([accepted.status, accepted.body.error.code], [403, 'forbidden']);
    const removed = await api<Refusal>(server.url, 'DELETE', '/api/friends/bob', ada);
    assert.deepEqual([removed.status, removed.body.error.code], [403, 'forbidden']);

    const list = await api<Friends>(server.url, 'GET', '/api/friends', ada);
    assert.equal(list.body.managedByHost, true, 'the widget reads this to hide requests');
    assert.deepEqual(
      list.body.friends.map((f) => f.id),
      ['bob'],
      'the host set the friends; the refusals changed nothing',
    );
    assert.deepEqual(list.body.incoming, []);
    assert.deepEqual(await server.store.friendsOf('cy'), []);
  });

  it('still lets the host platform replace the set (PUT friends), which users see at once', async () => {
    const ada = await server.token('ada');
    const key = (await new ApiKeys(server.store).create('social2', ['users'])).key;
    const put = await api(server.url, 'PUT', '/api/server/users/ada/friends', key, ['cy']);
    assert.equal(put.status, 200);
    const list = await api<Friends>(server.url, 'GET', '/api/friends', ada);
    assert.deepEqual(
      list.body.friends.map((f) => f.id),
      ['cy'],
    );
  });
});

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET } from '../../server/config.js';
import { ApiKeys } from '../../server/domain/api-keys.js';
import { withServer } from '../support/fixtures.js';
import { api } from '../support/server.js';

/** Pictures the widget must never load, refused where they enter rather than hidden where shown. */
const HOSTILE = [
  'javascript:alert(1)',
  'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
  'http://tracker.example/pixel.png',
  'HTTPS://mixed.example/case.png',
];
const SAFE = 'https://cdn.example/ada.png';

/** A token signed by the host with this `avatar` claim (the dev endpoint refuses bad ones itself). */
const tokenWith = (sub: string, avatar: string) =>
  jwt.sign({ sub, name: sub, avatar }, DEV_JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 });

type ErrorBody = { error: { code: string; message: string } };

describe('avatar URLs at the API', () => {
  const server = withServer();
  let key = '';
  before(async () => {
    key = (await new ApiKeys(server.store).create('profiles', ['users'])).key;
  });

  it('refuses a token whose avatar claim is not https, on sockets and REST', async () => {
    for (const [i, avatar] of HOSTILE.entries()) {
      const token = tokenWith(`claim${i}`, avatar);
      const refusal = await server.client(token).then(
        (s) => (s.close(), 'accepted'),
        (err: Error & { data?: { code?: string } }) => `${err.data?.code}: ${err.message}`,
      );
      assert.match(refusal, /^unauthorized: .*avatar must be an https:\/\/ URL/, avatar);
      const rest = await api<ErrorBody>(server.url, 'GET', '/api/me', token);
      assert.equal(rest.status, 401, avatar);
      assert.match(rest.body.error.message, /avatar must be an https/);
      const [stored] = await server.store.getUsers([`claim${i}`]);
      assert.equal(stored, undefined, `${avatar} stored a user`);
    }
  });

  it('accepts an https avatar claim', async () => {
    const me = await api<{ user: { avatar?: string } }>(
      server.url,
      'GET',
      '/api/me',
      tokenWith('safe-claim', SAFE),
    );
    assert.equal(me.status, 200);
    assert.equal(me.body.user.avatar, SAFE);
  });

  it('refuses PUT /api/server/users/:id with a non-https avatar and changes nothing', async () => {
    const put = (avatar: string) =>
      api<ErrorBody & { user: { avatar?: string } }>(
        server.url,
        'PUT',
        '/api/server/users/ada',
        key,
        { name: 'Ada', avatar },
      );
    assert.equal((await put(SAFE)).status, 200);
    for (const avatar of HOSTILE) {
      const res = await put(avatar);
      assert.equal(res.status, 400, avatar);
      assert.equal(res.body.error.code, 'bad_request');
      assert.match(res.body.error.message, /avatar must be an https:\/\/ URL/);
    }
    const [ada] = await server.store.getUsers(['ada']);
    assert.equal(ada?.avatar, SAFE);
  });
});

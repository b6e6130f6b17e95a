import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { DEV_JWT_SECRET, loadConfig } from '../../server/config.js';
import { TokenVerifier } from '../../server/domain/identity.js';
import { withServer } from '../support/fixtures.js';
import { api, type TestServer } from '../support/server.js';

const DAY = 86_400;
const nowSec = () => Math.floor(Date.now() / 1000);
/** A token with exactly these claims (no `iat` unless given): how a careless or hostile signer makes one. */
const sign = (claims: { sub: string; exp: number; iat?: number }) =>
  jwt.sign(claims, DEV_JWT_SECRET, { algorithm: 'HS256', noTimestamp: claims.iat === undefined });

/** The handshake's refusal, or `accepted`. */
async function handshake(server: TestServer, token: string): Promise<string> {
  try {
    (await server.client(token)).close();
    return 'accepted';
  } catch (err) {
    return `${(err as Error & { data?: { code?: string } }).data?.code}: ${(err as Error).message}`;
  }
}

describe('token lifetime (TOKEN_MAX_LIFETIME)', () => {
  const server = withServer();

  it('refuses a socket whose token expires in 1e300 s, naming TOKEN_MAX_LIFETIME', async () => {
    const refusal = await handshake(server, sign({ sub: 'forever', exp: 1e300 }));
    assert.match(refusal, /^unauthorized: .*TOKEN_MAX_LIFETIME/);
  });

  it('refuses the same token on REST with 401', async () => {
    const res = await api<{ error: { code: string; message: string } }>(
      server.url,
      'GET',
      '/api/me',
      sign({ sub: 'forever', exp: 1e300 }),
    );
    assert.equal(res.status, 401);
    assert.match(res.body.error.message, /maximum of 30 days/);
  });

  it('refuses a token whose exp is more than 30 days after its iat, on both', async () => {
    const token = sign({ sub: 'long', iat: nowSec() - 2 * DAY, exp: nowSec() + 29 * DAY });
    assert.match(await handshake(server, token), /^unauthorized/);
    assert.equal((await api(server.url, 'GET', '/api/me', token)).status, 401);
  });

  it('accepts a token of up to 30 days', async () => {
    const token = sign({ sub: 'month', iat: nowSec(), exp: nowSec() + 30 * DAY });
    assert.equal(await handshake(server, token), 'accepted');
    assert.equal((await api(server.url, 'GET', '/api/me', token)).status, 200);
  });
});

describe('TOKEN_MAX_LIFETIME', () => {
  const server = withServer({ TOKEN_MAX_LIFETIME: '1h' });

  it('takes a duration and refuses longer tokens', async () => {
    const twoHours = sign({ sub: 'two-hours', iat: nowSec(), exp: nowSec() + 7_200 });
    assert.match(await handshake(server, twoHours), /maximum of 1 hour/);
    const halfHour = sign({ sub: 'half-hour', iat: nowSec(), exp: nowSec() + 1_800 });
    assert.equal(await handshake(server, halfHour), 'accepted');
  });

  it('parses seconds and units, and refuses nonsense naming the variable', () => {
    assert.equal(loadConfig({}).jwt.maxLifetimeSec, 30 * DAY);
    assert.equal(loadConfig({ TOKEN_MAX_LIFETIME: '3600' }).jwt.maxLifetimeSec, 3_600);
    assert.equal(loadConfig({ TOKEN_MAX_LIFETIME: '12h' }).jwt.maxLifetimeSec, 12 * 3_600);
    assert.throws(() => loadConfig({ TOKEN_MAX_LIFETIME: 'forever' }), /TOKEN_MAX_LIFETIME/);
  });

  it('will not sign a token the server would refuse', () => {
    const verifier = new TokenVerifier(loadConfig({ TOKEN_MAX_LIFETIME: '1h' }).jwt);
    assert.throws(() => verifier.sign({ sub: 'x' }, 7_200), /TOKEN_MAX_LIFETIME/);
  });
});

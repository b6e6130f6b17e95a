import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { loadConfig } from '../../server/config.js';
import { ApiKeys } from '../../server/domain/api-keys.js';
import type { Quote } from '../../protocol/wire.js';
import type { ApiScope } from '../../server/store/types.js';
import { withServer } from '../support/fixtures.js';
import type { TestServer } from '../support/server.js';

interface Answer {
  status: number;
  retryAfter?: string;
  code?: string;
}

/**
 * One REST call from a chosen loopback address (`127.0.0.x`): the server's `ctx.ip`,
 * so each test is its own caller.
 */
function call(
  server: TestServer,
  from: string,
  method: string,
  path: string,
  bearer?: string,
  body?: unknown,
): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        localAddress: from,
        method,
        path,
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            code: text ? (JSON.parse(text) as { error?: { code: string } }).error?.code : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const quotes = (n: number): Quote[] =>
  Array.from({ length: n }, (_, i) => ({
    symbol: `Q${String.fromCharCode(65 + (i % 26), 65 + (Math.floor(i / 26) % 26))}`,
    price: 100,
    change: 1,
    changePct: 1,
    ts: Date.now(),
  }));

const statuses = (answers: Answer[]) => answers.map((a) => a.status);

function assertLimited(answer: Answer): void {
  assert.equal(answer.status, 429);
  assert.equal(answer.code, 'rate_limited');
  assert.match(answer.retryAfter ?? '', /^[1-9]\d*$/, 'Retry-After in whole seconds');
}

describe('REST limits', () => {
  const server = withServer({
    LIMIT_API_AUTH_FAILURES_PER_MINUTE: '5',
    LIMIT_SERVER_API_PER_MINUTE: '4',
    LIMIT_SERVER_API_PER_ADDRESS_PER_MINUTE: '6',
    LIMIT_QUOTES_PER_SECOND: '1000',
  });
  const key = async (name: string, scopes: ApiScope[] = ['publish', 'read', 'moderate']) =>
    (await new ApiKeys(server.store).create(name, scopes)).key;

  it('refuses an address with 429 after 5 wrong API keys, before checking a right one', async () => {
    const good = await key('right-key');
    const from = '127.0.0.11';
    const wrong = [];
    for (let i = 0; i < 5; i++)
      wrong.push(await call(server, from, 'POST', '/api/server/quotes', `sck_wrong${i}`, []));
    assert.deepEqual(statuses(wrong), [401, 401, 401, 401, 401]);
    assertLimited(await call(server, from, 'POST', '/api/server/quotes', 'sck_wrong6', []));
    assertLimited(await call(server, from, 'GET', '/api/mod/reports', good));
    // Another address is not held to this one's failures.
    assert.equal((await call(server, '127.0.0.12', 'GET', '/api/mod/reports', good)).status, 200);
  });

  it('counts wrong user tokens on the REST API the same way', async () => {
    const from = '127.0.0.13';
    const wrong = [];
    for (let i = 0; i < 5; i++)
      wrong.push(await call(server, from, 'GET', '/api/me', `eyJhbGciOiJIUzI1NiJ9.e30.bad${i}`));
    assert.deepEqual(statuses(wrong), [401, 401, 401, 401, 401]);
    assertLimited(await call(server, from, 'GET', '/api/admin/overview', 'still.not.valid'));
    const token = await server.token('locked-out');
    assertLimited(await call(server, from, 'GET', '/api/me', token));
  });

  it('does not count calls without credentials as failures', async () => {
    const from = '127.0.0.14';
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await call(server, from, 'GET', '/api/me'));
    assert.deepEqual(new Set(statuses(answers)), new Set([401]));
  });

  it('limits calls per API key: the 5th in a minute is refused, another key goes on', async () => {
    const [busy, other] = [await key('busy'), await key('other')];
    const history = (k: string, from: string) =>
      call(server, from, 'GET', '/api/server/rooms/$LIMT/history', k);
    const answers = [];
    // From two addresses, so the per-address limit (6) is not what refuses.
    for (let i = 0; i < 4; i++) answers.push(await history(busy, `127.0.0.${15 + (i % 2)}`));
    assert.deepEqual(statuses(answers), [200, 200, 200, 200]);
    assertLimited(await history(busy, '127.0.0.17'));
    assert.equal((await history(other, '127.0.0.17')).status, 200);
  });

  it('limits /api/server and /api/mod calls per address, whatever key they carry', async () => {
    const from = '127.0.0.18';
    const keys = [await key('addr-a'), await key('addr-b'), await key('addr-c')];
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(
        await call(
          server,
          from,
          'GET',
          i % 2 ? '/api/mod/bans' : '/api/server/rooms/$ADDR/history',
          keys[i % 3],
        ),
      );
    assert.deepEqual(statuses(answers), [200, 200, 200, 200, 200, 200]);
    assertLimited(await call(server, from, 'GET', '/api/mod/bans', keys[2]));
    assertLimited(await call(server, from, 'GET', '/api/server/rooms/$ADDR/history'));
  });

  it('limits quotes per key per second, counting each quote of a batch', async () => {
    const pusher = await key('pusher', ['publish']);
    const push = (n: number, from: string) =>
      call(server, from, 'POST', '/api/server/quotes', pusher, quotes(n));
    // Sent together, so all three land in one second's window (1,000 quotes a second here).
    const answers = await Promise.all([
      push(1000, '127.0.0.19'),
      push(1000, '127.0.0.20'),
      push(1, '127.0.0.21'),
    ]);
    assert.equal(answers.filter((a) => a.status === 200).length, 1, JSON.stringify(answers));
    for (const refused of answers.filter((a) => a.status !== 200)) assertLimited(refused);
  });
});

describe('REST limits: defaults', () => {
  const server = withServer();

  it('let a host push 10,000 quotes in one second, in batches of 1,000', async () => {
    const pusher = (await new ApiKeys(server.store).create('bulk', ['publish'])).key;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(server, '127.0.0.1', 'POST', '/api/server/quotes', pusher, quotes(1000)),
      ),
    );
    assert.deepEqual(new Set(statuses(answers)), new Set([200]));
  });

  it('refuse a quote limit smaller than one batch, naming the variable', () => {
    assert.throws(() => loadConfig({ LIMIT_QUOTES_PER_SECOND: '500' }), /LIMIT_QUOTES_PER_SECOND/);
    assert.equal(loadConfig({ LIMIT_QUOTES_PER_SECOND: '0' }).limits.quotesPerKey.points, 0);
  });
});

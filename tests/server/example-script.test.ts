import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ApiKeys } from '../../server/domain/api-keys.js';
import type { Quote } from '../../protocol/wire.js';
import { withServer } from '../support/fixtures.js';
import { ask, nextEvent } from '../support/server.js';

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, '../../examples/push-quotes.mjs');
const server = withServer();

describe('examples/push-quotes.mjs against a real server', () => {
  it('pushes quotes a reader in $AAPL receives and posts a bot alert stored in the room', async () => {
    const key = (await new ApiKeys(server.store).create('example', ['publish'])).key;
    const reader = await server.client(await server.token('reader'));
    await ask(reader, 'join_chat', { room: '$AAPL' });
    const quote = nextEvent<Quote>(reader, 'quote', (q) => q.symbol === 'AAPL', 10_000);
    const alert = nextEvent<{ text: string; sender: { kind: string } }>(
      reader,
      'new_message',
      () => true,
      10_000,
    );
    const { stdout } = await run(process.execPath, [script], {
      env: { ...process.env, STOCK_CHAT_URL: server.url, STOCK_CHAT_KEY: key },
    });
    assert.match(stdout, /pushed 3 quotes/);
    assert.match(stdout, /posted alert #1 in \$AAPL/);
    assert.equal((await quote).price, 201.5);
    const live = await alert;
    assert.equal(live.sender.kind, 'bot');
    assert.match(live.text, /^\$AAPL crossed 201\.5/);
    const { messages } = await server.store.history('$AAPL', undefined, 10);
    assert.deepEqual(
      messages.map((m) => [m.sender.id, m.sender.kind]),
      [['price-alerts', 'bot']],
    );
  });

  it('fails with a clear message and exit code without a key, sending nothing', async () => {
    await assert.rejects(
      run(process.execPath, [script], {
        env: { ...process.env, STOCK_CHAT_URL: server.url, STOCK_CHAT_KEY: '' },
      }),
      (err: { code: number; stderr: string }) =>
        err.code === 2 && /STOCK_CHAT_KEY/.test(err.stderr),
    );
  });

  it('reports a refused call (a key without publish) and exits non-zero', async () => {
    const key = (await new ApiKeys(server.store).create('reader-only', ['read'])).key;
    await assert.rejects(
      run(process.execPath, [script], {
        env: { ...process.env, STOCK_CHAT_URL: server.url, STOCK_CHAT_KEY: key },
      }),
      (err: { code: number; stderr: string }) => err.code !== 0 && /403 forbidden/.test(err.stderr),
    );
  });
});

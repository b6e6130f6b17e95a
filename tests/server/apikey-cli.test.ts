import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { withServer } from '../support/fixtures.js';
import { api } from '../support/server.js';

const root = path.resolve(import.meta.dirname, '../..');
const server = withServer();

/** `stock-chat apikey ...` (what `npm run apikey --` runs) on the test server's SQLite file. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/stock-chat.mjs', 'apikey', ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: server.dataDir, MONGODB_URI: '' } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const history = (key: string) => api(server.url, 'GET', '/api/server/rooms/$CLI/history', key);

describe('stock-chat apikey (real SQLite file, server running)', () => {
  it('creates a key printed once, honoured by the running server at once; list shows no secret', async () => {
    const created = await cli('create', '--name', 'cli-alerts', '--scopes', 'publish,read');
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    assert.match(key, /^sck_[A-Za-z0-9_-]{40,}$/);
    assert.match(created.stderr, /shown only now/);
    assert.equal((await history(key)).status, 200, 'no restart needed');
    assert.ok(existsSync(path.join(server.dataDir, 'stock-chat.db')));

    const listed = await cli('list', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    const rows = JSON.parse(listed.stdout) as {
      name: string;
      scopes: string[];
      revokedAt: string | null;
    }[];
    const row = rows.find((r) => r.name === 'cli-alerts');
    assert.deepEqual(row?.scopes, ['publish', 'read']);
    assert.equal(row?.revokedAt, null);
    assert.ok(!listed.stdout.includes(key.slice(10)), 'the key itself is never listed');
    assert.ok(!listed.stdout.includes('"hash"'), 'nor its hash');
  });

  it('revokes by name: the server refuses the key at once; a second revoke fails', async () => {
    const key = (await cli('create', '--name', 'cli-gone', '--scopes', 'read')).stdout.trim();
    assert.equal((await history(key)).status, 200);
    const revoked = await cli('revoke', 'cli-gone');
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal((await history(key)).status, 401);
    const again = await cli('revoke', 'cli-gone');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no live API key/);
    assert.match((await cli('list')).stdout, /cli-gone\t.*\trevoked /);
  });

  it('refuses bad input with exit 2 and a clear message, storing nothing', async () => {
    const before = (await server.store.apiKeys.list()).length;
    const cases: [string[], RegExp][] = [
      [['create', '--name', 'x', '--scopes', 'publish,root'], /scope/i],
      [['create', '--name', 'x'], /usage/],
      [['delete', 'x'], /usage/],
      [[], /usage/],
    ];
    for (const [args, message] of cases) {
      const out = await cli(...args);
      assert.equal(out.code, 2, args.join(' '));
      assert.match(out.stderr, message, args.join(' '));
    }
    assert.equal((await server.store.apiKeys.list()).length, before);
    const help = await cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /stock-chat apikey create/);
  });
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'stock-chat-bench-test-'));

interface Results {
  results: {
    fanout: Record<
      'reference' | 'stockChat',
      { runs: { received: number; expected: number }[] }
    > & {
      persisted: { rows: number; acked: number };
    };
  };
}

describe('npm run bench', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a small fan-out against both servers and reports every message delivered and stored', async () => {
    const json = path.join(dir, 'bench.json');
    // Exit code 1 means a latency target was missed, which a loaded test machine may do; 2 is a crash.
    const run = promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/run.ts',
        '--quick',
        '--only',
        'fanout',
        '--clients',
        '20',
        '--warmup',
        '0',
        '--json',
        json,
      ],
      { cwd: root, timeout: 60_000 },
    ).catch((err: { code?: number }) => {
      if (err.code !== 1) throw err;
    });
    await run;
    const { results } = JSON.parse(readFileSync(json, 'utf8')) as Results;
    for (const kind of ['reference', 'stockChat'] as const) {
      const [only] = results.fanout[kind].runs;
      assert.ok(only.expected > 0, `${kind}: something was sent`);
      assert.equal(only.received, only.expected, `${kind}: every delivery arrived`);
    }
    assert.equal(results.fanout.persisted.rows, results.fanout.persisted.acked);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import type { DiagnoseReport } from '../../admin/src/diagnose/index.js';
import { withServer } from '../support/fixtures.js';

const server = withServer();

/** Runs `stock-chat diagnose` (what `npm run diagnose` runs) and captures its output. */
function diagnose(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/stock-chat.mjs', 'diagnose', ...args], {
      env: { ...process.env, STOCK_CHAT_URL: '', STOCK_CHAT_TOKEN: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run diagnose', () => {
  it('passes every check against a live server, exits 0 and prints the JSON report', async () => {
    const token = await server.token('diag-cli');
    const run = await diagnose([
      '--url',
      server.url,
      '--token',
      token,
      '--json',
      '--clients',
      '8',
      '--samples',
      '10',
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as DiagnoseReport;
    assert.equal(report.ok, true);
    assert.equal(report.checks.length, 11);
    assert.equal(report.failed, 0);
    for (const check of report.checks) {
      assert.equal(check.ok, true, `${check.name}: ${check.reason}`);
      assert.equal(typeof check.durationMs, 'number');
    }
    const rtt = report.checks.find((c) => c.name === 'ping/pong round trip');
    assert.equal(rtt?.details?.samples, 10);
    const fanout = report.checks.find((c) => c.name === 'broadcast to K concurrent clients');
    assert.equal(fanout?.details?.clients, 8);
  });

  it('prints one line a check in text mode', async () => {
    const run = await diagnose(['--url', server.url, '--token', await server.token('diag-text')]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.stdout.match(/^PASS {2}/gm)?.length, 11);
    assert.match(run.stdout, /11\/11 checks passed/);
  });

  it('exits 1 with the reasons when checks fail (a token the server refuses)', async () => {
    const run = await diagnose([
      '--url',
      server.url,
      '--token',
      'forged.token.x',
      '--json',
      '--timeout',
      '2000',
    ]);
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as DiagnoseReport;
    assert.equal(report.ok, false);
    const ws = report.checks.find((c) => c.name === 'websocket-only connect');
    assert.equal(ws?.ok, false);
    assert.match(ws?.reason ?? '', /connect_error/);
    // Refusing a forged token is exactly what this check wants.
    assert.equal(report.checks.find((c) => c.name === 'bad token refused')?.ok, true);
  });

  it('fails every check, refusal included, when nothing answers at the url', async () => {
    const run = await diagnose([
      '--url',
      'http://127.0.0.1:9',
      '--token',
      'x',
      '--json',
      '--timeout',
      '2000',
    ]);
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as DiagnoseReport;
    assert.equal(report.passed, 0);
    assert.match(
      report.checks.find((c) => c.name === 'bad token refused')?.reason ?? '',
      /no answer/,
    );
  });

  it('exits 2 with usage when --url or --token is missing', async () => {
    const run = await diagnose(['--url', server.url]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--url and --token are required/);
  });

  it('exits 2 when the url has a path (Socket.IO would read it as a namespace)', async () => {
    const run = await diagnose(['--url', `${server.url}/chat`, '--token', 'x']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bare http\(s\) origin/);
  });
});

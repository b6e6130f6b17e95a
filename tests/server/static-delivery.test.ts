import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { get, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { cacheControl } from '../../server/http/static.js';
import { startServer, type TestServer } from '../support/server.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with exactly these headers (fetch would add and decode its own Accept-Encoding). */
function fetchRaw(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

/** The widget's hashed module, named by its loader (the largest file a page fetches). */
function hashedBundle(): string {
  assert.ok(
    existsSync('widget/dist/stock-chat.js'),
    'widget/dist is missing: run npm run build:widget',
  );
  const loader = readFileSync('widget/dist/stock-chat.js', 'utf8');
  return `widget/dist/${/"\.\/(stock-chat-[\w-]{8}\.mjs)"/.exec(loader)?.[1]}`;
}
let BUNDLE = '';

describe('static files', () => {
  let server: TestServer;
  let source: Buffer;
  before(async () => {
    BUNDLE = hashedBundle();
    assert.ok(existsSync(`${BUNDLE}.br`), `${BUNDLE}.br is missing: run npm run build:widget`);
    source = readFileSync(BUNDLE);
    server = await startServer();
  });
  after(() => server.close());

  it('sends the widget module as brotli, gzip or plain bytes by Accept-Encoding, all the same script', async () => {
    const url = `${server.url}/${BUNDLE.replace('widget/dist/', 'widget/')}`;
    const br = await fetchRaw(url, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /Accept-Encoding/i);
    assert.ok(br.body.length < source.length / 3, `brotli body is ${br.body.length} bytes`);
    assert.deepEqual(brotliDecompressSync(br.body), source);

    const gz = await fetchRaw(url, { 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), source);

    const plain = await fetchRaw(url, {});
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, source);
    assert.match(String(plain.headers['content-type']), /javascript/);
  });

  it('answers 304 with no body while the ETag or the date still matches', async () => {
    const url = `${server.url}/${BUNDLE.replace('widget/dist/', 'widget/')}`;
    const first = await fetchRaw(url, { 'Accept-Encoding': 'br' });
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/"/);
    assert.equal(first.headers['cache-control'], 'public, max-age=31536000, immutable');

    const again = await fetchRaw(url, { 'Accept-Encoding': 'br', 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);

    const since = await fetchRaw(url, {
      'Accept-Encoding': 'br',
      'If-Modified-Since': String(first.headers['last-modified']),
    });
    assert.equal(since.status, 304);

    // Another encoding is another representation: its validator does not match the brotli one.
    const gz = await fetchRaw(url, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    assert.equal(gz.status, 200);
  });

  it('keeps pages revalidated, hashed chunks for a year and the loader for minutes', () => {
    assert.equal(cacheControl('index.html'), 'no-cache');
    assert.equal(cacheControl('stock-chat-DXx_YF-V.mjs'), 'public, max-age=31536000, immutable');
    assert.equal(
      cacheControl('message-menu-3f9a1c2b.mjs.map'),
      'public, max-age=31536000, immutable',
    );
    assert.equal(cacheControl('stock-chat.mjs'), 'public, max-age=300');
    assert.equal(cacheControl('stock-chat.js'), 'public, max-age=300');
    assert.equal(cacheControl('zh-Hans.json'), 'public, max-age=300');
  });

  it('precompresses every built file and drops copies whose file is gone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'precompress-'));
    writeFileSync(path.join(dir, 'chunk-a.js'), 'console.log("a");'.repeat(50));
    writeFileSync(path.join(dir, 'renamed-away.js.br'), 'stale');
    execFileSync(process.execPath, ['scripts/precompress.mjs', dir]);
    const files = readdirSync(dir).sort();
    assert.deepEqual(files, ['chunk-a.js', 'chunk-a.js.br', 'chunk-a.js.gz']);
    rmSync(dir, { recursive: true });
  });
});

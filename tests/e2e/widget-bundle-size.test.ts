import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';

const DIST = 'widget/dist';
const LIMIT = 40 * 1024;

const gzipped = (file: string) =>
  gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length;

/** The hashed entry the classic loader imports. */
function entryOf(loader: string): string {
  const name = /new URL\("\.\/([\w.-]+\.mjs)"/.exec(loader)?.[1];
  assert.ok(name, 'the loader names no entry module');
  return name;
}

/** A module and every module it imports statically: what a page fetches before the element works. */
function firstLoad(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(path.join(DIST, entry), 'utf8');
  for (const [, dep] of source.matchAll(
    /(?:^|[;}\n])\s*(?:import|export)[^"'()]*?["']\.\/([\w.-]+\.mjs)["']/g,
  ))
    firstLoad(dep!, seen);
  return seen;
}

/** The chunks the first load imports dynamically (loaded on first use), with their own static imports. */
function lazyChunks(first: string[]): string[] {
  const found = new Set<string>();
  for (const file of first)
    for (const [, dep] of readFileSync(path.join(DIST, file), 'utf8').matchAll(
      /import\(["']\.\/([\w.-]+\.mjs)["']\)/g,
    ))
      for (const chunk of firstLoad(dep!)) if (!first.includes(chunk)) found.add(chunk);
  return [...found];
}

describe('widget bundle size', () => {
  it('loads at most 40 KB gzip before <stock-chat> works (Lit and socket.io-client included), and reports every chunk', (t) => {
    assert.ok(
      existsSync(`${DIST}/stock-chat.js`),
      'widget/dist is missing: run npm run build:widget first',
    );
    const loader = readFileSync(`${DIST}/stock-chat.js`, 'utf8');
    const first = ['stock-chat.js', ...firstLoad(entryOf(loader))];
    const total = first.reduce((sum, file) => sum + gzipped(file), 0);
    const lazy = lazyChunks(first);
    const report = [
      `first load total: ${total} B = ${(total / 1024).toFixed(1)} KB gzip (budget ${LIMIT / 1024} KB)`,
      ...first.map((f) => `first load  ${f}: ${(gzipped(f) / 1024).toFixed(1)} KB gzip`),
      ...lazy.map((f) => `on first use ${f}: ${(gzipped(f) / 1024).toFixed(1)} KB gzip`),
    ];
    for (const line of report) t.diagnostic(line);
    assert.ok(
      total <= LIMIT,
      `the first load is ${(total / 1024).toFixed(1)} KB gzip, over the 40 KB budget`,
    );
    // The modules carry their dependencies: no bare import is left for the browser to resolve.
    for (const file of [...first, ...lazy])
      assert.doesNotMatch(
        readFileSync(path.join(DIST, file), 'utf8'),
        /from\s*["'](lit|socket\.io-client)/,
      );
  });

  it('holds only the current build: every module in widget/dist is the entry or a chunk it loads', () => {
    const loader = readFileSync(`${DIST}/stock-chat.js`, 'utf8');
    const first = [...firstLoad(entryOf(loader))];
    const built = new Set(['stock-chat.mjs', ...first, ...lazyChunks(first)]);
    const stale = readdirSync(DIST).filter((file) => file.endsWith('.mjs') && !built.has(file));
    assert.deepEqual(stale, [], 'modules of an earlier build are left in widget/dist');
  });

  it('is a classic loader script that imports the hashed entry from beside itself', () => {
    const loader = readFileSync(`${DIST}/stock-chat.js`, 'utf8');
    assert.doesNotMatch(
      loader,
      /^\s*(import|export)\s/m,
      'the loader must run as a classic script',
    );
    assert.match(loader, /document\.currentScript/);
    const entry = entryOf(loader);
    assert.match(entry, /^stock-chat-[\w-]{8}\.mjs$/);
    assert.match(
      readFileSync(path.join(DIST, entry), 'utf8'),
      /customElements\.define\("stock-chat"|"stock-chat"/,
    );
    assert.equal(
      readFileSync(`${DIST}/stock-chat.mjs`, 'utf8').trim(),
      `export * from "./${entry}";`,
    );
  });
});

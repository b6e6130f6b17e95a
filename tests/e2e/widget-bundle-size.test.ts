import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';

const LIMIT = 40 * 1024;

describe('widget bundle size', () => {
  for (const file of ['widget/dist/stock-chat.js', 'widget/dist/stock-chat.mjs']) {
    it(`${file} stays at or under 40 KB gzip, Lit and socket.io-client included`, () => {
      assert.ok(existsSync(file), `${file} is missing: run npm run build:widget first`);
      const source = readFileSync(file);
      const gzipped = gzipSync(source, { level: 9 }).length;
      assert.ok(
        gzipped <= LIMIT,
        `${file} is ${(gzipped / 1024).toFixed(1)} KB gzip, over the 40 KB budget`,
      );
      // The bundle must carry its dependencies, not import them at run time.
      assert.doesNotMatch(source.toString(), /from\s*["'](lit|socket\.io-client)/);
    });
  }

  it('is a classic script that defines <stock-chat> without module syntax', () => {
    const source = readFileSync('widget/dist/stock-chat.js', 'utf8');
    assert.doesNotMatch(source, /^\s*(import|export)\s/m);
    assert.match(source, /customElements\.define\("stock-chat"|"stock-chat"/);
  });
});

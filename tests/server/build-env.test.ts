import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { rollup, type Plugin } from 'rollup';

const root = path.resolve(import.meta.dirname, '../..');

/** The module id the config's own node-resolve plugin picks for socket.io-parser. */
async function parserBuild(config: string): Promise<string> {
  const loaded = (await import(path.join(root, config))) as { default: { plugins: Plugin[] } };
  const resolve = loaded.default.plugins.find((p) => p.name === 'node-resolve');
  assert.ok(resolve, `${config} uses @rollup/plugin-node-resolve`);
  const ids: string[] = [];
  const bundle = await rollup({
    input: 'entry',
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === 'entry' ? id : null),
        load: (id) => (id === 'entry' ? 'export * from "socket.io-parser";' : null),
      },
      resolve,
      { name: 'record', load: (id) => void ids.push(id) },
    ],
    onwarn: () => undefined,
  });
  await bundle.close();
  const parser = ids.find((id) => id.includes(`socket.io-parser${path.sep}build`));
  assert.ok(parser, 'socket.io-parser was resolved');
  return parser;
}

describe('front-end builds', () => {
  for (const config of ['admin/rollup.config.mjs', 'widget/rollup.config.mjs']) {
    it(`${config} resolves the browser build of socket.io-parser even with NODE_ENV=development`, async () => {
      const before = process.env.NODE_ENV;
      // The plugin reads NODE_ENV when it is created, i.e. when the config is imported.
      process.env.NODE_ENV = 'development';
      try {
        const id = await parserBuild(`${config}?env=development`);
        assert.doesNotMatch(id, /esm-debug/);
        assert.match(id, /build[\\/]esm[\\/]/);
      } finally {
        process.env.NODE_ENV = before;
      }
    });
  }
});

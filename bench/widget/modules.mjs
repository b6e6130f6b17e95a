// `node bench/widget/modules.mjs`: what the widget's first load is made of. Builds
// the widget in memory with widget/rollup.config.mjs, then splits the minified
// entry chunk by its source map: for each source module, the bytes of the entry it
// produced, and those bytes gzipped on their own (an estimate: the modules compress
// a little better together). Shows what is worth moving into a chunk loaded on
// first use.
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import config from '../../widget/rollup.config.mjs';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The generated columns where each source-map segment starts, with the source index (one-line output). */
function segments(mappings) {
  const out = [];
  let source = 0;
  for (const [line, text] of mappings.split(';').entries()) {
    let column = 0;
    for (const segment of text.split(',').filter(Boolean)) {
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = B64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      out.push({ line, column, source: values.length > 1 ? source : -1 });
    }
  }
  return out;
}

const skip = new Set([
  'empty-output-dir',
  'custom-elements-manifest',
  'locale-tables',
  'stable-entry-points',
]);
const build = await rollup({
  ...config,
  plugins: config.plugins.filter((p) => !skip.has(p.name)),
  onwarn() {},
});
const { output } = await build.generate({ ...config.output, sourcemap: true });
const entry = output.find((file) => file.type === 'chunk' && file.isEntry);
const lines = entry.code.split('\n');
const bySource = new Map();
const segs = segments(entry.map.mappings);
for (const [i, seg] of segs.entries()) {
  const next = segs[i + 1];
  const text = lines[seg.line].slice(seg.column, next?.line === seg.line ? next.column : undefined);
  const name = seg.source < 0 ? '(unmapped)' : entry.map.sources[seg.source];
  bySource.set(name, (bySource.get(name) ?? '') + text);
}
const rows = [...bySource].map(([name, text]) => [
  name.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, ''),
  text.length,
  gzipSync(text, { level: 9 }).length,
]);
rows.sort((a, b) => b[1] - a[1]);
const total = gzipSync(entry.code, { level: 9 }).length;
console.log(`entry ${entry.fileName}: ${entry.code.length} B, ${total} B gzip`);
console.log('   bytes  gzip alone  module');
for (const [name, bytes, gz] of rows)
  console.log(`${String(bytes).padStart(8)}  ${String(gz).padStart(10)}  ${name}`);

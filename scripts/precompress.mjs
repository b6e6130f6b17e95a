// Writes a brotli (.br) and a gzip (.gz) copy beside every built file of the given
// folders, so the server sends compressed bytes without compressing per request
// (server/http/static.ts picks the copy the browser's Accept-Encoding allows).
// Copies whose file is gone are removed, so a renamed chunk is never served stale.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|json|css|html|map|svg|txt)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

for (const dir of process.argv.slice(2)) {
  let written = 0;
  for (const path of files(dir)) {
    if (/\.(br|gz)$/.test(path)) {
      const base = path.slice(0, -3);
      if (!statSync(base, { throwIfNoEntry: false })) rmSync(path);
      continue;
    }
    if (!COMPRESSIBLE.test(path)) continue;
    const source = readFileSync(path);
    const brotli = brotliCompressSync(source, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
      },
    });
    writeFileSync(`${path}.br`, brotli);
    writeFileSync(`${path}.gz`, gzipSync(source, { level: 9 }));
    written += 1;
  }
  console.log(`precompress: ${written} files in ${dir} (.br and .gz)`);
}

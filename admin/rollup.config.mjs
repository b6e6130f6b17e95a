// Builds the admin console to admin/dist/: admin.js (one ES module: Lit, uPlot,
// socket.io-client), index.html and admin.css copied as they are. No inline
// script or style anywhere, so the console passes a strict CSP.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const here = dirname(fileURLToPath(import.meta.url));

/** Emits the static files next to the bundle. */
function staticFiles(names) {
  return {
    name: 'admin-static-files',
    generateBundle() {
      for (const name of names) {
        this.emitFile({ type: 'asset', fileName: name, source: readFileSync(join(here, name)) });
      }
    },
  };
}

/** `import css from 'x.css'` yields the file's text, for Lit's `unsafeCSS` (uPlot's stylesheet). */
function cssText() {
  return {
    name: 'admin-css-text',
    transform(code, id) {
      if (!id.endsWith('.css')) return null;
      return { code: `export default ${JSON.stringify(code)};`, map: { mappings: '' } };
    },
  };
}

export default {
  input: join(here, 'src/admin-app.ts'),
  output: {
    file: join(here, 'dist/admin.js'),
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    cssText(),
    // 'production' pinned: otherwise NODE_ENV=development picks socket.io-parser's debug build,
    // whose `import debug from 'debug'` has no default export in the browser build.
    resolve({ browser: true, exportConditions: ['browser', 'production', 'import', 'default'] }),
    typescript({
      tsconfig: join(here, '../tsconfig.json'),
      include: [join(here, 'src/**/*.ts'), join(here, '../protocol/**/*.ts')],
      compilerOptions: {
        noEmit: false,
        declaration: false,
        sourceMap: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        outDir: join(here, 'dist'),
      },
      noForceEmit: false,
    }),
    terser({ format: { comments: false } }),
    staticFiles(['index.html', 'admin.css']),
  ],
  onwarn(warning, warn) {
    // socket.io-client's ESM build uses `this` at module level harmlessly.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};

// Builds <stock-chat> as ES modules with content-hashed names (the entry
// stock-chat-<hash>.mjs and the chunks it loads on first use), plus two small files
// with stable names that host pages reference: dist/stock-chat.js, a classic script
// for `<script src defer>` that imports the entry from beside itself, and
// dist/stock-chat.mjs, which re-exports it for `import`. Lit and socket.io-client
// are bundled in.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import htmlLiterals from 'rollup-plugin-html-literals';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Regenerates widget/custom-elements.json after each build, so the manifest never drifts. */
function customElementsManifest() {
  return {
    name: 'custom-elements-manifest',
    writeBundle: {
      sequential: true,
      order: 'post',
      handler() {
        execFileSync(
          process.execPath,
          [
            'node_modules/@custom-elements-manifest/analyzer/cem.js',
            'analyze',
            '--config',
            'widget/custom-elements-manifest.config.mjs',
          ],
          { cwd: root, stdio: 'ignore' },
        );
      },
    },
  };
}

/**
 * Empties widget/dist before a build writes it: chunk names change with their
 * content, so without this every earlier build's chunks stay beside the new ones
 * and are served for ever.
 */
function emptyOutputDir(dir) {
  return {
    name: 'empty-output-dir',
    buildStart: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Copies the locale tables other than English next to the bundle, minified: the
 * widget fetches the one it shows (widget/src/i18n/index.ts), so they stay out of
 * the bundle's 40 KB.
 */
function localeTables() {
  return {
    name: 'locale-tables',
    generateBundle() {
      const dir = new URL('src/i18n/', import.meta.url);
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
        const table = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
        this.emitFile({ type: 'asset', fileName: file, source: JSON.stringify(table) });
      }
    },
  };
}

/**
 * Stand-ins for socket.io/engine.io modules the widget can never use, so they stay
 * out of the 40 KB:
 * - engine.io-client's WebTransport transport: the widget asks for
 *   `transports: ['websocket', 'polling']` only (chat-connection.ts); it is bundled
 *   only because the transport table imports it (~280 B gzip).
 * - binary packets: every event of the chat protocol is JSON (protocol/wire.ts
 *   has no Buffer, Blob or ArrayBuffer field either way), so socket.io-parser's
 *   binary detection and (de)construction and engine.io-parser's base64 decoder
 *   are dead code here. A binary packet the server never sends would be a parse
 *   error, which socket.io-client answers with a reconnect.
 */
const STUBS = {
  // engine.io-client's and socket.io-client's URL parser (a 14-part regex with IPv6 and
  // query-key handling) read through the browser's own URL: every field the two read
  // (source, protocol, host, port, path, query, queryKey) comes out the same for the
  // absolute http(s)/ws(s) URLs socket.io-client builds before parsing (url.ts).
  'engine.io-client/build/esm/contrib/parseuri.js': `export function parse(str) {
  const u = new URL(/^[a-z][a-z0-9+.-]*:\\/\\//i.test(str) ? str : 'https://' + str);
  const query = u.search.slice(1);
  return { source: str, protocol: u.protocol.slice(0, -1), host: u.hostname.replace(/^\\[|\\]$/g, ''),
    port: u.port, path: u.pathname, query, queryKey: Object.fromEntries(new URLSearchParams(query)) };
}`,
  'engine.io-client/build/esm/transports/webtransport.js': 'export const WT = undefined;',
  'socket.io-parser/build/esm/is-binary.js':
    'export const isBinary = () => false; export const hasBinary = () => false;',
  'socket.io-parser/build/esm/binary.js':
    'export const deconstructPacket = (packet) => ({ packet, buffers: [] }); export const reconstructPacket = (packet) => packet;',
  'engine.io-parser/build/esm/contrib/base64-arraybuffer.js':
    'export const encode = () => ""; export const decode = () => { throw new Error("binary packets are not part of the chat protocol"); };',
};

function withoutUnusedTransportCode() {
  return {
    name: 'without-unused-transport-code',
    load(id) {
      const path = id.replaceAll('\\', '/');
      const key = Object.keys(STUBS).find((tail) => path.endsWith(`node_modules/${tail}`));
      return key ? STUBS[key] : null;
    },
  };
}

/**
 * Methods of socket.io-client's `Socket` the widget never calls, left out of the
 * first load (terser cannot drop a class's methods): `compress`, `volatile` and the
 * catch-all listeners (`onAny`, `onAnyOutgoing` and their kin). The widget emits with
 * `timeout().emitWithAck()` and `on()` only (chat-connection.ts, protocol/ack.ts);
 * what the library itself still reads (`flags.volatile`, `_anyListeners`) stays and
 * is simply never set. The queue of the `retries` option (`_addToQueue`, drained
 * on connect) is left empty: the widget never sets it (the outbox resends, in
 * order), and an emit that asked for it would throw rather than be dropped.
 */
const UNUSED_MEMBERS = {
  'socket.io-client/build/esm/socket.js': [
    'compress',
    'volatile',
    'onAny',
    'prependAny',
    'offAny',
    'listenersAny',
    'onAnyOutgoing',
    'prependAnyOutgoing',
    'offAnyOutgoing',
    'listenersAnyOutgoing',
  ],
};
/** Methods kept by name with a body of their own (the rest of theirs is left out). */
const STUBBED_MEMBERS = {
  'socket.io-client/build/esm/socket.js': {
    _addToQueue: 'throw Error("socket.io-client\'s retries option is not in the widget\'s build")',
    _drainQueue: '',
  },
};
const unusedMember = new RegExp(
  `\\.(${Object.values(UNUSED_MEMBERS).flat().join('|')})\\b|\\bretries\\s*:`,
);

/**
 * Takes the `UNUSED_MEMBERS` out and the `STUBBED_MEMBERS`' bodies, keeping their
 * newlines (each one ends its line, so the source map still holds). The build fails when one is missing (a new
 * socket.io-client changed its class), when the module still uses one, or when
 * widget code starts to.
 */
function withoutUnusedSocketMembers() {
  return {
    name: 'without-unused-socket-members',
    transform(code, id) {
      const path = id.replaceAll('\\', '/');
      if (!path.includes('/node_modules/') && unusedMember.test(code))
        this.error(`${id} calls ${unusedMember.exec(code)[0]}, which the build leaves out`);
      const key = Object.keys(UNUSED_MEMBERS).find((tail) => path.endsWith(`node_modules/${tail}`));
      if (!key) return null;
      const members = this.parse(code)
        .body.map((node) => node.declaration ?? node)
        .filter((node) => node.type === 'ClassDeclaration')
        .flatMap((node) => node.body.body);
      const stubs = [
        ...UNUSED_MEMBERS[key].map((name) => [name, '']),
        ...Object.entries(STUBBED_MEMBERS[key] ?? {}).map(([name, body]) => [
          name,
          `${name}(){${body}}`,
        ]),
      ];
      const found = stubs.map(([name, stub]) => {
        const member = members.find((m) => m.type === 'MethodDefinition' && m.key.name === name);
        if (!member) this.error(`${key} has no method ${name} to leave out`);
        return { member, stub };
      });
      // From the last one up, each becomes its stub and its newlines: later lines keep their place.
      let out = code;
      for (const { member, stub } of found.sort((a, b) => b.member.start - a.member.start)) {
        const lines = out.slice(member.start, member.end).replace(/[^\n]/g, '');
        out = out.slice(0, member.start) + stub + lines + out.slice(member.end);
      }
      for (const name of UNUSED_MEMBERS[key])
        if (new RegExp(`this\\.${name}\\b`).test(out))
          this.error(`${key} still uses ${name}, which the build leaves out`);
      return { code: out, map: null };
    },
  };
}

/**
 * `lit/decorators.js` becomes widget/src/lit-decorators.ts: the same four decorators
 * for `experimentalDecorators` alone, without Lit's support for standard decorators
 * (about 1 KB gzip less in the first load).
 */
function litDecorators() {
  const local = fileURLToPath(new URL('src/lit-decorators.ts', import.meta.url));
  return {
    name: 'lit-decorators',
    resolveId: (source) => (source === 'lit/decorators.js' ? local : null),
  };
}

/**
 * The two stable names host pages use. The classic script finds the hashed entry
 * next to its own URL (`document.currentScript`), so the widget loads from the
 * script's origin whatever page embeds it; a failed load is said in the console.
 */
function stableEntryPoints() {
  return {
    name: 'stable-entry-points',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      const name = JSON.stringify(`./${entry.fileName}`);
      this.emitFile({
        type: 'asset',
        fileName: 'stock-chat.js',
        source:
          `/*! stock-chat loader: imports ${entry.fileName} */\n` +
          `(()=>{const s=document.currentScript,u=new URL(${name},s&&s.src||location.href).href;` +
          `import(u).catch(e=>console.error("stock-chat: could not load "+u,e))})();\n`,
      });
      this.emitFile({
        type: 'asset',
        fileName: 'stock-chat.mjs',
        source: `export * from ${name};\n`,
      });
    },
  };
}

export default {
  input: { 'stock-chat': 'widget/src/index.ts' },
  // The entry may export what its lazy chunks import from it, so the first load is
  // the entry alone rather than the entry plus a shared chunk.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'widget/dist',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name]-[hash].mjs',
    chunkFileNames: '[name]-[hash].mjs',
  },
  plugins: [
    emptyOutputDir(fileURLToPath(new URL('dist', import.meta.url))),
    typescript({
      tsconfig: false,
      include: ['widget/src/**/*.ts', 'protocol/**/*.ts'],
      compilerOptions: {
        target: 'ES2021',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        strict: true,
        experimentalDecorators: true,
        useDefineForClassFields: false,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        sourceMap: true,
        declaration: false,
        noEmit: false,
        types: [],
      },
    }),
    // Lit's html`` and css`` literals keep the source's indentation and newlines as
    // bytes of the bundle; collapsing them costs nothing at run time.
    htmlLiterals({
      failOnError: true,
      options: { minifyOptions: { removeAttributeQuotes: true, minifyCSS: { level: 2 } } },
    }),
    litDecorators(),
    resolve({ browser: true, exportConditions: ['browser', 'production'] }),
    withoutUnusedTransportCode(),
    withoutUnusedSocketMembers(),
    terser({
      format: { comments: false },
      ecma: 2021,
      module: true,
      compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true },
      // socket.io-client and engine.io-client name their private members `_name`
      // (`_reconnecting`, `_anyListeners`: 221 uses) and mangle them in their own
      // minified builds; their ESM builds, bundled here, do not. Neither Lit (its
      // internals are `_$…`, already short) nor the widget use such names, and no
      // payload field starts with `_`. About 240 B gzip.
      mangle: { properties: { regex: /^_[a-zA-Z]/ } },
    }),
    localeTables(),
    stableEntryPoints(),
    customElementsManifest(),
  ],
};

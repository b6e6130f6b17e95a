#!/usr/bin/env node
// The `stock-chat` operator command. Runs the TypeScript sources through tsx when the
// dev dependencies are installed (a checkout), else the compiled copy in dist/ (the
// production image, where tsx is pruned). Sub-commands: scripts/cli/commands.ts.
let fromSource = false;
try {
  const { register } = await import('tsx/esm/api');
  register();
  fromSource = true;
} catch {
  // No tsx: the production image runs what `npm run build` compiled.
}
const entry = fromSource ? '../scripts/stock-chat.ts' : '../dist/scripts/stock-chat.js';
const { main } = await import(new URL(entry, import.meta.url).href);
process.exit(await main(process.argv.slice(2)));

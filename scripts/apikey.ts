/**
 * Manages server API keys, with the server running or not (it reads the same
 * store: DATA_DIR's SQLite file, or MONGODB_URI).
 *   npm run apikey -- create --name alerts --scopes publish,read   (prints the key once)
 *   npm run apikey -- list
 *   npm run apikey -- revoke <id or name>
 * Compiled to dist/scripts/apikey.js, so it runs in the production image with plain node.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiKeys, parseScopes } from '../server/domain/api-keys.js';
import { AppError } from '../server/domain/errors.js';
import { openStore } from '../server/store/index.js';

const USAGE = `usage:
  npm run apikey -- create --name <name> --scopes <publish,read,users,moderate> [--json]
  npm run apikey -- list [--json]
  npm run apikey -- revoke <id or name>`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      scopes: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [command, target] = positionals;
  if (!command || !['create', 'list', 'revoke'].includes(command)) fail(USAGE);
  if (command === 'create' && (!values.name || !values.scopes)) fail(USAGE);
  if (command === 'revoke' && !target) fail(USAGE);
  const scopes = command === 'create' ? parseScopes(values.scopes!) : [];

  const store = await openStore({
    mongodbUri: process.env.MONGODB_URI || undefined,
    dataDir: path.resolve(process.env.DATA_DIR ?? './data'),
  });
  const keys = new ApiKeys(store);
  try {
    if (command === 'create') {
      const { key, record } = await keys.create(values.name!, scopes);
      if (values.json)
        console.log(JSON.stringify({ key, id: record.id, name: record.name, scopes }));
      else {
        console.log(key);
        console.error(
          `API key "${record.name}" (${record.id}) created with scopes ${scopes.join(',')}. ` +
            'It is shown only now: store it as a secret.',
        );
      }
    } else if (command === 'list') {
      const list = await keys.list();
      if (values.json) console.log(JSON.stringify(list.map(({ hash: _hash, ...rest }) => rest)));
      else
        for (const k of list)
          console.log(
            [
              k.id,
              k.name,
              `${k.prefix}…`,
              k.scopes.join(','),
              k.createdAt,
              k.revokedAt ? `revoked ${k.revokedAt}` : 'live',
            ].join('\t'),
          );
    } else if (!(await keys.revoke(target!))) {
      fail(`no live API key with id or name ${target}`, 1);
    } else {
      console.error(`revoked ${target}`);
    }
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  fail(
    err instanceof AppError ? err.message : `apikey failed: ${String(err)}`,
    err instanceof AppError ? 2 : 1,
  );
});

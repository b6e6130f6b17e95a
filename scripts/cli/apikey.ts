import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiKeys, parseScopes } from '../../server/domain/api-keys.js';
import { AppError } from '../../server/errors.js';
import { openStore } from '../../server/store/index.js';
import type { ApiScope } from '../../server/store/types.js';
import type { Command } from './commands.js';

const USAGE = `usage:
  stock-chat apikey create --name <name> --scopes <publish,read,users,moderate> [--json]
  stock-chat apikey list [--json]
  stock-chat apikey revoke <id or name>
(npm run apikey -- ... is the same; the store is DATA_DIR's SQLite file or MONGODB_URI)`;

/**
 * Server API keys, with the server running or not (it opens the same store). The
 * key is printed once, on stdout; only its hash is stored.
 */
export const apikey: Command = {
  summary: 'create, list or revoke server API keys (create --name <n> --scopes <s,...>)',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        scopes: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const [command, target] = positionals;
    const bad =
      !command ||
      !['create', 'list', 'revoke'].includes(command) ||
      (command === 'create' && (!values.name || !values.scopes)) ||
      (command === 'revoke' && !target);
    if (bad) {
      console.error(USAGE);
      return 2;
    }
    let scopes: ApiScope[] = [];
    try {
      if (command === 'create') scopes = parseScopes(values.scopes!);
    } catch (err) {
      console.error(err instanceof AppError ? err.message : String(err));
      return 2;
    }
    const store = await openStore({
      mongodbUri: process.env.MONGODB_URI || undefined,
      dataDir: path.resolve(process.env.DATA_DIR ?? './data'),
    });
    try {
      return await act(new ApiKeys(store), command!, target, values.name, scopes, values.json);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      console.error(err.message);
      return 2;
    } finally {
      await store.close();
    }
  },
};

async function act(
  keys: ApiKeys,
  command: string,
  target: string | undefined,
  name: string | undefined,
  scopes: ApiScope[],
  json: boolean,
): Promise<number> {
  if (command === 'create') {
    const { key, record } = await keys.create(name!, scopes);
    if (json) console.log(JSON.stringify({ key, id: record.id, name: record.name, scopes }));
    else {
      console.log(key);
      console.error(
        `API key "${record.name}" (${record.id}) created with scopes ${scopes.join(',')}. ` +
          'It is shown only now: store it as a secret.',
      );
    }
    return 0;
  }
  if (command === 'list') {
    const list = await keys.list();
    if (json) console.log(JSON.stringify(list.map(({ hash: _hash, ...rest }) => rest)));
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
    return 0;
  }
  if (!(await keys.revoke(target!))) {
    console.error(`no live API key with id or name ${target}`);
    return 1;
  }
  console.error(`revoked ${target}`);
  return 0;
}

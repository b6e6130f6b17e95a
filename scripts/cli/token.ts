import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config.js';
import { TokenVerifier } from '../../server/domain/identity.js';
import { USER_ID_PATTERN } from '../../server/domain/rooms.js';
import type { Command } from './commands.js';

const USAGE =
  'usage: stock-chat token --sub <user id> [--name <name>] [--admin] [--role <role>]... [--ttl <seconds>]';

/**
 * Mints a token with the configured key (JWT_SECRET or JWT_PRIVATE_KEY), for operators:
 * an admin token for the console, or a user token for `stock-chat diagnose`.
 */
export const token: Command = {
  summary: 'mint a token with the configured key (--sub <id> [--admin])',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        sub: { type: 'string' },
        name: { type: 'string' },
        admin: { type: 'boolean', default: false },
        role: { type: 'string', multiple: true },
        ttl: { type: 'string', default: '3600' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const ttl = Number(values.ttl);
    if (!values.sub || !USER_ID_PATTERN.test(values.sub) || !Number.isInteger(ttl) || ttl <= 0) {
      console.error(USAGE);
      return 2;
    }
    const roles = [...new Set([...(values.role ?? []), ...(values.admin ? ['admin'] : [])])];
    const verifier = new TokenVerifier(loadConfig().jwt);
    console.log(verifier.sign({ sub: values.sub, name: values.name ?? values.sub, roles }, ttl));
    return 0;
  },
};

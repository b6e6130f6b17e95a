/**
 * Mints a token with the configured key, for operators: an admin token for the
 * console, or a user token for `npm run diagnose`.
 *   npm run token -- --sub ops --admin [--name "Ops"] [--ttl 3600]
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { TokenVerifier } from '../server/domain/identity.js';
import { USER_ID_PATTERN } from '../server/domain/rooms.js';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    name: { type: 'string' },
    admin: { type: 'boolean', default: false },
    role: { type: 'string', multiple: true },
    ttl: { type: 'string', default: '3600' },
  },
});

const ttl = Number(values.ttl);
if (!values.sub || !USER_ID_PATTERN.test(values.sub) || !Number.isInteger(ttl) || ttl <= 0) {
  console.error(
    'usage: npm run token -- --sub <user id> [--name <name>] [--admin] [--role <role>]... [--ttl <seconds>]',
  );
  process.exit(2);
}
const roles = [...new Set([...(values.role ?? []), ...(values.admin ? ['admin'] : [])])];
const verifier = new TokenVerifier(loadConfig().jwt);
console.log(verifier.sign({ sub: values.sub, name: values.name ?? values.sub, roles }, ttl));

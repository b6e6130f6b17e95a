import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { MAX_QUOTES as MAX_QUOTES_PER_CALL } from './domain/server-api.schemas.js';
import { MIN_SECRET_BITS, SECRET_HOWTO, weakSecretReason } from './secret-strength.js';
import { ConfigError, readSettings, SETTINGS, type Settings } from './settings.js';

export { ConfigError } from './settings.js';
export { DEFAULT_TOKEN_MAX_LIFETIME_SEC } from './settings.js';

/** The development secret; production refuses to start with it. */
export const DEV_JWT_SECRET = 'stock-chat-dev-secret-change-me';

export type Env = Record<string, string | undefined>;

/** Everything the server is configured with, parsed and validated once at start-up. */
export interface Config extends Omit<
  Settings,
  'host' | 'jwt' | 'allowedOrigins' | 'webhook' | 'nodeId' | 'moderation'
> {
  host: string;
  jwt: {
    /** HS256 secret, or the PEM public key for RS256/ES256. */
    key: string;
    /** Signs tokens (dev endpoint, `npm run token`); the secret itself for HS256. */
    signingKey?: string;
    algorithm: 'HS256' | 'RS256' | 'ES256';
    issuer?: string;
    audience?: string;
    /** The longest a token may live, in seconds (TOKEN_MAX_LIFETIME); 30 days when unset. */
    maxLifetimeSec?: number;
  };
  /** Host sites allowed to embed; `null` means any (development default, or `ALLOWED_ORIGINS=*`). */
  allowedOrigins: string[] | null;
  /** Where events are POSTed (signed with `secret`); null when webhooks are off. */
  webhook: WebhookConfig | null;
  /** This process's name in the cluster console; defaults to `<hostname>-<pid>`. */
  nodeId: string;
  moderation: ModerationConfig;
  /** Directories of the built front ends and the demo page. */
  paths: { widget: string; admin: string; demo: string };
  version: string;
}

/** Every event a webhook can carry; a subscription takes all of them unless WEBHOOK_EVENTS narrows it. */
export const WEBHOOK_EVENT_TYPES = [
  'message.created',
  'message.updated',
  'report.created',
  'user.banned',
  'room.created',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookConfig {
  url: string;
  secret: string;
  events: WebhookEventType[];
  timeoutMs: number;
  /** Attempts before a delivery is marked failed (the console can redeliver it). */
  maxAttempts: number;
  /** First retry delay; doubled each attempt, capped at an hour. */
  retryBaseMs: number;
}

/** Throws when production is given a guessable secret (see secret-strength.ts). */
function refuseWeak(name: string, secret: string): void {
  const reason = weakSecretReason(name, secret);
  if (reason) throw new ConfigError(reason);
}

function webhookConfig(w: Settings['webhook'], production: boolean): WebhookConfig | null {
  if (!w.url) return null;
  if (!w.secret || w.secret.length < 16)
    throw new ConfigError(
      `WEBHOOK_URL needs a WEBHOOK_SECRET of at least 16 characters (${SECRET_HOWTO})`,
    );
  if (production) refuseWeak('WEBHOOK_SECRET', w.secret);
  const events = w.events
    ? w.events
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...WEBHOOK_EVENT_TYPES];
  const unknown = events.filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0 || events.length === 0)
    throw new ConfigError(
      `WEBHOOK_EVENTS must list some of ${WEBHOOK_EVENT_TYPES.join(', ')} (unknown: ${unknown.join(', ')})`,
    );
  return { ...w, url: w.url, secret: w.secret, events: events as WebhookEventType[] };
}

/** A rate: `points` uses per `windowMs`; `points: 0` turns the limit off. */
export type RateRule = Settings['limits']['joins'];
export type LimitsConfig = Settings['limits'];

/** Moderation: the edit window, the automatic rules, mute defaults and the blocked words. */
export interface ModerationConfig extends Omit<Settings['moderation'], 'blockedWordsFile'> {
  blockedWords: string[];
}

/** Reads the blocked-words file: one word or phrase a line, `#` comments. */
function readBlockedWords(file: string | undefined): string[] {
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`BLOCKED_WORDS_FILE ${file} cannot be read: ${(err as Error).message}`);
  }
  return text
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'));
}

const root = path.resolve(
  import.meta.dirname,
  import.meta.dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function pem(value: string): string {
  // Keys passed through env often arrive with literal "\n" sequences.
  return value.includes('\\n') ? value.replace(/\\n/g, '\n') : value;
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The JWT verification (and signing) keys the settings name, refusing weak or missing ones. */
function jwtConfig(j: Settings['jwt'], production: boolean): Config['jwt'] {
  const claims = { issuer: j.issuer, audience: j.audience, maxLifetimeSec: j.maxLifetimeSec };
  if (j.publicKey) {
    const algorithm = j.algorithm ?? 'RS256';
    if (algorithm === 'HS256')
      throw new ConfigError('JWT_ALGORITHM=HS256 needs JWT_SECRET, not JWT_PUBLIC_KEY');
    const signingKey = j.privateKey ? pem(j.privateKey) : undefined;
    return { key: pem(j.publicKey), signingKey, algorithm, ...claims };
  }
  const secret = j.secret ?? (production ? undefined : DEV_JWT_SECRET);
  if (!secret || (production && secret === DEV_JWT_SECRET)) {
    throw new ConfigError(
      `Production needs a real JWT_SECRET (at least ${MIN_SECRET_BITS} bits: ${SECRET_HOWTO}) or JWT_PUBLIC_KEY`,
    );
  }
  if (production) refuseWeak('JWT_SECRET', secret);
  return { key: secret, signingKey: secret, algorithm: 'HS256', ...claims };
}

/** Parses the environment into a Config, failing fast with a message that names the variable. */
export function loadConfig(env: Env = process.env): Config {
  const settings = readSettings(SETTINGS, env);
  const { limits, moderation } = settings;
  const production = settings.env === 'production';
  const quotes = limits.quotesPerKey.points;
  if (quotes > 0 && quotes < MAX_QUOTES_PER_CALL)
    throw new ConfigError(
      `LIMIT_QUOTES_PER_SECOND must be 0 (off) or at least ${MAX_QUOTES_PER_CALL} (one full batch), got ${quotes}`,
    );
  const jwt = jwtConfig(settings.jwt, production);
  // The development secret is in the source: a server others can reach must not accept it.
  const usesDevSecret = jwt.key === DEV_JWT_SECRET;
  const host = settings.host ?? (usesDevSecret ? '127.0.0.1' : '0.0.0.0');
  if (usesDevSecret && !isLoopbackHost(host)) {
    throw new ConfigError(
      `HOST=${host} can be reached from other machines, and without JWT_SECRET anyone could sign tokens with the development secret written in the source. Set JWT_SECRET (e.g. \`openssl rand -hex 32\`) or JWT_PUBLIC_KEY, or leave HOST unset to listen on 127.0.0.1 only`,
    );
  }
  const origins = settings.allowedOrigins;
  const { blockedWordsFile, ...rules } = moderation;
  return {
    ...settings,
    host,
    jwt,
    allowedOrigins: origins?.includes('*')
      ? null
      : origins?.length
        ? origins
        : production
          ? []
          : null,
    webhook: webhookConfig(settings.webhook, production),
    nodeId: settings.nodeId ?? `${hostname()}-${process.pid}`,
    moderation: { ...rules, blockedWords: readBlockedWords(blockedWordsFile) },
    paths: {
      widget: path.join(root, 'widget/dist'),
      admin: path.join(root, 'admin/dist'),
      demo: path.join(root, 'demo'),
    },
    version: readVersion(),
  };
}

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { MIN_SECRET_BITS, SECRET_HOWTO, weakSecretReason } from './secret-strength.js';
import { MAX_QUOTES as MAX_QUOTES_PER_CALL } from './domain/server-api.schemas.js';
import { parseTrustProxy, type TrustProxy } from './proxy-trust.js';

/** The development secret; production refuses to start with it. */
export const DEV_JWT_SECRET = 'stock-chat-dev-secret-change-me';

/** The longest a token may live (`exp` after `iat` and after now) unless TOKEN_MAX_LIFETIME says otherwise: 30 days. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SEC = 30 * 86_400;

const DURATION_UNITS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/** `3600`, `90m`, `12h`, `30d` -> seconds. */
const duration = z
  .string()
  .regex(/^\d+[smhd]?$/, 'seconds, or a number with s, m, h or d (e.g. 30d)')
  .transform((v) => {
    const unit = /[smhd]$/.test(v) ? (v.slice(-1) as keyof typeof DURATION_UNITS) : 's';
    return Number.parseInt(v, 10) * DURATION_UNITS[unit];
  })
  .refine((sec) => sec >= 60, 'at least a minute');

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000),
  HOST: z.string().optional(),
  HEALTH_PORT: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).max(65535).optional(),
  ),
  DATA_DIR: z.string().default('./data'),
  MONGODB_URI: z.string().optional(),
  JWT_SECRET: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_ALGORITHM: z.enum(['HS256', 'RS256', 'ES256']).optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  TOKEN_MAX_LIFETIME: duration.default(DEFAULT_TOKEN_MAX_LIFETIME_SEC),
  ALLOWED_ORIGINS: z.string().optional(),
  PING_INTERVAL_MS: int(25_000, 100),
  PING_TIMEOUT_MS: int(20_000, 100),
  MAX_MESSAGE_LENGTH: int(4_000, 1),
  MAX_HTTP_BUFFER_SIZE: int(64 * 1024, 1024),
  RATE_LIMIT_MESSAGES: int(20),
  RATE_LIMIT_WINDOW_MS: int(10_000, 1),
  TYPING_TIMEOUT_MS: int(5_000, 100),
  REDIS_URL: z.string().optional(),
  WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  WEBHOOK_SECRET: z.string().optional(),
  WEBHOOK_EVENTS: z.string().optional(),
  WEBHOOK_TIMEOUT_MS: int(5_000, 100),
  WEBHOOK_MAX_ATTEMPTS: int(12, 1),
  WEBHOOK_RETRY_BASE_MS: int(1_000, 10),
  FRIENDS_MANAGED_BY_HOST: z.enum(['true', 'false']).default('false'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      const trust = parseTrustProxy(value);
      if (trust) return trust;
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not false, true, a number of proxies in front (1) or a comma-separated list of the proxies' addresses or CIDR ranges (10.0.0.0/8,fd00::/8)`,
      });
      return z.NEVER;
    }),
  SHUTDOWN_GRACE_MS: int(10_000, 0),
  TYPING_MIN_INTERVAL_MS: int(2_000, 0),
  LIMIT_JOINS_PER_MINUTE: int(120),
  LIMIT_TICKER_ROOMS: int(500),
  LIMIT_HISTORY_PER_MINUTE: int(300),
  LIMIT_SYNC_PER_MINUTE: int(120),
  LIMIT_MARK_READ_PER_MINUTE: int(600),
  LIMIT_API_PER_MINUTE: int(600),
  LIMIT_SOCKETS_PER_USER: int(20),
  LIMIT_EVENTS_PER_SECOND: int(300),
  LIMIT_HANDSHAKE_FAILURES_PER_MINUTE: int(60),
  LIMIT_SERVER_API_PER_MINUTE: int(6_000),
  LIMIT_SERVER_API_PER_ADDRESS_PER_MINUTE: int(12_000),
  LIMIT_QUOTES_PER_SECOND: int(10_000),
  LIMIT_API_AUTH_FAILURES_PER_MINUTE: int(60),
  LIMIT_FRIEND_REQUESTS_PER_DAY: int(100),
  LIMIT_GROUPS_PER_DAY: int(50),
  LIMIT_REACTIONS_PER_MINUTE: int(120),
  NODE_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'letters, digits, dot, dash or underscore (at most 64)')
    .optional(),
  EDIT_WINDOW_SEC: int(900),
  MAX_CASHTAGS_PER_MESSAGE: int(5),
  LINK_MIN_ACCOUNT_AGE_MIN: int(60),
  SPAM_REPEAT_COUNT: int(3),
  SPAM_REPEAT_WINDOW_SEC: int(600, 1),
  REPORTS_AUTO_MUTE: int(5),
  AUTO_MUTE_MINUTES: int(1440, 1),
  DEFAULT_MUTE_MINUTES: int(60, 1),
  BLOCKED_WORDS_FILE: z.string().optional(),
  BLOCKED_WORDS_ACTION: z.enum(['refuse', 'mask']).default('refuse'),
  MODERATION_REFRESH_MS: int(5_000, 100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = Record<string, string | undefined>;

/** Everything the server is configured with, parsed and validated once at start-up. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /**
   * A second listener that answers only `/health` and `/metrics` (a management port, as
   * load balancers and orchestrators probe): its own accept queue, so a probe never waits
   * behind a reconnect storm's connections on `port`. Unset: no second listener.
   */
  healthPort?: number;
  dataDir: string;
  mongodbUri?: string;
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
  pingIntervalMs: number;
  pingTimeoutMs: number;
  maxMessageLength: number;
  maxHttpBufferSize: number;
  rateLimit: { messages: number; windowMs: number };
  /** Per-user limits (0 turns one off); see README "Operating it safely". */
  limits: LimitsConfig;
  typingTimeoutMs: number;
  /** Forwarded `typing: true` at most once per socket and room per this many ms. */
  typingMinIntervalMs: number;
  /** How long SIGTERM/SIGINT waits for in-flight work before the process exits. */
  shutdownGraceMs: number;
  /** Which reverse proxies' X-Forwarded-For/-Proto/-Host count (server/proxy-trust.ts). */
  trustProxy: TrustProxy;
  redisUrl?: string;
  /** Where events are POSTed (signed with `secret`); null when webhooks are off. */
  webhook: WebhookConfig | null;
  /** The host platform owns the friends list (`PUT /api/server/users/:id/friends`): user requests are off. */
  friendsManagedByHost: boolean;
  /** This process's name in the cluster console; defaults to `<hostname>-<pid>`. */
  nodeId: string;
  moderation: ModerationConfig;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
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

function webhookConfig(e: z.infer<typeof EnvSchema>): WebhookConfig | null {
  if (!e.WEBHOOK_URL) return null;
  if (!e.WEBHOOK_SECRET || e.WEBHOOK_SECRET.length < 16)
    throw new ConfigError(
      `WEBHOOK_URL needs a WEBHOOK_SECRET of at least 16 characters (${SECRET_HOWTO})`,
    );
  if (e.NODE_ENV === 'production') refuseWeak('WEBHOOK_SECRET', e.WEBHOOK_SECRET);
  const events = e.WEBHOOK_EVENTS
    ? e.WEBHOOK_EVENTS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...WEBHOOK_EVENT_TYPES];
  const unknown = events.filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0 || events.length === 0)
    throw new ConfigError(
      `WEBHOOK_EVENTS must list some of ${WEBHOOK_EVENT_TYPES.join(', ')} (unknown: ${unknown.join(', ')})`,
    );
  return {
    url: e.WEBHOOK_URL,
    secret: e.WEBHOOK_SECRET,
    events: events as WebhookEventType[],
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
  };
}

/** A rate: `points` uses per `windowMs`; `points: 0` turns the limit off. */
export interface RateRule {
  points: number;
  windowMs: number;
}

export interface LimitsConfig {
  messages: RateRule;
  joins: RateRule;
  history: RateRule;
  sync: RateRule;
  markRead: RateRule;
  api: RateRule;
  friendRequests: RateRule;
  groups: RateRule;
  /** Reactions added or taken back per user. */
  reactions: RateRule;
  /** Refused (unauthenticated) socket handshakes per IP address. */
  handshakeFailures: RateRule;
  /** `/api/server/*` calls per API key. */
  serverApiPerKey: RateRule;
  /** `/api/server/*` and `/api/mod/*` calls per IP address, counted before the credentials are read. */
  serverApiPerAddress: RateRule;
  /** Quotes pushed per API key (`POST /api/server/quotes`); 0, or at least one full batch. */
  quotesPerKey: RateRule;
  /** Refused REST credentials (API keys and user tokens) per IP address. */
  apiAuthFailures: RateRule;
  /** Ticker rooms one user may belong to at once (leaving frees a slot). */
  tickerRooms: number;
  /** Sockets one user may hold open on one node. */
  socketsPerUser: number;
  /** Events one connection may send per second (past it: `rate_limited` or dropped). */
  eventsPerSecond: number;
}

/** Moderation: the edit window, the automatic rules and mute defaults. */
export interface ModerationConfig {
  editWindowSec: number;
  maxCashtags: number;
  linkMinAccountAgeMin: number;
  repeatCount: number;
  repeatWindowSec: number;
  reportsAutoMute: number;
  autoMuteMinutes: number;
  defaultMuteMinutes: number;
  blockedWords: string[];
  blockedWordsAction: 'refuse' | 'mask';
  /** How often a clustered server reloads mutes, bans and blocks others made. */
  refreshMs: number;
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

/** Thrown for a configuration the server must not start with; the message names the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
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

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function limitsFrom(e: z.infer<typeof EnvSchema>): LimitsConfig {
  return {
    messages: { points: e.RATE_LIMIT_MESSAGES, windowMs: e.RATE_LIMIT_WINDOW_MS },
    joins: { points: e.LIMIT_JOINS_PER_MINUTE, windowMs: MINUTE },
    history: { points: e.LIMIT_HISTORY_PER_MINUTE, windowMs: MINUTE },
    sync: { points: e.LIMIT_SYNC_PER_MINUTE, windowMs: MINUTE },
    markRead: { points: e.LIMIT_MARK_READ_PER_MINUTE, windowMs: MINUTE },
    api: { points: e.LIMIT_API_PER_MINUTE, windowMs: MINUTE },
    friendRequests: { points: e.LIMIT_FRIEND_REQUESTS_PER_DAY, windowMs: DAY },
    groups: { points: e.LIMIT_GROUPS_PER_DAY, windowMs: DAY },
    reactions: { points: e.LIMIT_REACTIONS_PER_MINUTE, windowMs: MINUTE },
    handshakeFailures: { points: e.LIMIT_HANDSHAKE_FAILURES_PER_MINUTE, windowMs: MINUTE },
    serverApiPerKey: { points: e.LIMIT_SERVER_API_PER_MINUTE, windowMs: MINUTE },
    serverApiPerAddress: { points: e.LIMIT_SERVER_API_PER_ADDRESS_PER_MINUTE, windowMs: MINUTE },
    quotesPerKey: { points: e.LIMIT_QUOTES_PER_SECOND, windowMs: 1_000 },
    apiAuthFailures: { points: e.LIMIT_API_AUTH_FAILURES_PER_MINUTE, windowMs: MINUTE },
    tickerRooms: e.LIMIT_TICKER_ROOMS,
    socketsPerUser: e.LIMIT_SOCKETS_PER_USER,
    eventsPerSecond: e.LIMIT_EVENTS_PER_SECOND,
  };
}

/** Parses the environment into a Config, failing fast with a message that names the variable. */
export function loadConfig(env: Env = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `Invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`,
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (e.LIMIT_QUOTES_PER_SECOND > 0 && e.LIMIT_QUOTES_PER_SECOND < MAX_QUOTES_PER_CALL)
    throw new ConfigError(
      `LIMIT_QUOTES_PER_SECOND must be 0 (off) or at least ${MAX_QUOTES_PER_CALL} (one full batch), got ${e.LIMIT_QUOTES_PER_SECOND}`,
    );

  let jwt: Config['jwt'];
  if (e.JWT_PUBLIC_KEY) {
    const algorithm = e.JWT_ALGORITHM ?? 'RS256';
    if (algorithm === 'HS256')
      throw new ConfigError('JWT_ALGORITHM=HS256 needs JWT_SECRET, not JWT_PUBLIC_KEY');
    jwt = {
      key: pem(e.JWT_PUBLIC_KEY),
      signingKey: e.JWT_PRIVATE_KEY ? pem(e.JWT_PRIVATE_KEY) : undefined,
      algorithm,
    };
  } else {
    const secret = e.JWT_SECRET ?? (production ? undefined : DEV_JWT_SECRET);
    if (!secret || (production && secret === DEV_JWT_SECRET)) {
      throw new ConfigError(
        `Production needs a real JWT_SECRET (at least ${MIN_SECRET_BITS} bits: ${SECRET_HOWTO}) or JWT_PUBLIC_KEY`,
      );
    }
    if (production) refuseWeak('JWT_SECRET', secret);
    jwt = { key: secret, signingKey: secret, algorithm: 'HS256' };
  }
  // The development secret is in the source: a server others can reach must not accept it.
  const usesDevSecret = jwt.key === DEV_JWT_SECRET;
  const host = e.HOST ?? (usesDevSecret ? '127.0.0.1' : '0.0.0.0');
  if (usesDevSecret && !isLoopbackHost(host)) {
    throw new ConfigError(
      `HOST=${host} can be reached from other machines, and without JWT_SECRET anyone could sign tokens with the development secret written in the source. Set JWT_SECRET (e.g. \`openssl rand -hex 32\`) or JWT_PUBLIC_KEY, or leave HOST unset to listen on 127.0.0.1 only`,
    );
  }
  jwt.issuer = e.JWT_ISSUER;
  jwt.audience = e.JWT_AUDIENCE;
  jwt.maxLifetimeSec = e.TOKEN_MAX_LIFETIME;

  const origins = e.ALLOWED_ORIGINS?.split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host,
    healthPort: e.HEALTH_PORT,
    dataDir: path.resolve(e.DATA_DIR),
    mongodbUri: e.MONGODB_URI || undefined,
    jwt,
    allowedOrigins: origins?.includes('*')
      ? null
      : origins?.length
        ? origins
        : production
          ? []
          : null,
    pingIntervalMs: e.PING_INTERVAL_MS,
    pingTimeoutMs: e.PING_TIMEOUT_MS,
    maxMessageLength: e.MAX_MESSAGE_LENGTH,
    maxHttpBufferSize: e.MAX_HTTP_BUFFER_SIZE,
    rateLimit: { messages: e.RATE_LIMIT_MESSAGES, windowMs: e.RATE_LIMIT_WINDOW_MS },
    limits: limitsFrom(e),
    typingTimeoutMs: e.TYPING_TIMEOUT_MS,
    typingMinIntervalMs: e.TYPING_MIN_INTERVAL_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    trustProxy: e.TRUST_PROXY,
    redisUrl: e.REDIS_URL || undefined,
    webhook: webhookConfig(e),
    friendsManagedByHost: e.FRIENDS_MANAGED_BY_HOST === 'true',
    nodeId: e.NODE_ID ?? `${hostname()}-${process.pid}`,
    moderation: {
      editWindowSec: e.EDIT_WINDOW_SEC,
      maxCashtags: e.MAX_CASHTAGS_PER_MESSAGE,
      linkMinAccountAgeMin: e.LINK_MIN_ACCOUNT_AGE_MIN,
      repeatCount: e.SPAM_REPEAT_COUNT,
      repeatWindowSec: e.SPAM_REPEAT_WINDOW_SEC,
      reportsAutoMute: e.REPORTS_AUTO_MUTE,
      autoMuteMinutes: e.AUTO_MUTE_MINUTES,
      defaultMuteMinutes: e.DEFAULT_MUTE_MINUTES,
      blockedWords: readBlockedWords(e.BLOCKED_WORDS_FILE),
      blockedWordsAction: e.BLOCKED_WORDS_ACTION,
      refreshMs: e.MODERATION_REFRESH_MS,
    },
    logLevel: e.LOG_LEVEL,
    paths: {
      widget: path.join(root, 'widget/dist'),
      admin: path.join(root, 'admin/dist'),
      demo: path.join(root, 'demo'),
    },
    version: readVersion(),
  };
}

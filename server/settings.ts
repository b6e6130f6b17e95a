import path from 'node:path';
import { z } from 'zod';
import { parseTrustProxy } from './proxy-trust.js';

/**
 * Every environment variable the server reads, each written once: where it lands in
 * the nested settings, how it parses, and its default. `readSettings` parses an
 * environment against this table; `settingVariables` lists it (the README's
 * configuration tables are checked against that list). Rules that join several
 * variables (the JWT keys, the webhook, the listen address) live in config.ts.
 */

/** One environment variable and how it parses. */
export interface Setting<T extends z.ZodType = z.ZodType> {
  readonly variable: string;
  readonly schema: T;
}

export interface SettingsSpec {
  readonly [key: string]: Setting | SettingsSpec;
}

type Output<N> =
  N extends Setting<infer T> ? z.output<T> : N extends SettingsSpec ? Parsed<N> : never;
type OptionalKeys<S> = { [K in keyof S]: undefined extends Output<S[K]> ? K : never }[keyof S];

/** What a spec parses to: the same nesting, each leaf its schema's output (optional when it may be unset). */
export type Parsed<S extends SettingsSpec> = {
  -readonly [K in keyof S as K extends OptionalKeys<S> ? never : K]: Output<S[K]>;
} & {
  -readonly [K in keyof S as K extends OptionalKeys<S> ? K : never]?: Output<S[K]>;
};

const setting = <T extends z.ZodType>(variable: string, schema: T): Setting<T> => ({
  variable,
  schema,
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const DURATION_UNITS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/** The longest a token may live unless TOKEN_MAX_LIFETIME says otherwise: 30 days. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SEC = 30 * 86_400;

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
/** A string where empty means unset (compose files pass `VAR=` for "not configured"). */
const text = () => z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true');
/** `points` uses per `windowMs`; `points: 0` turns the limit off. */
const rate = (variable: string, fallback: number, windowMs: number) =>
  setting(
    variable,
    int(fallback).transform((points) => ({ points, windowMs })),
  );

export const SETTINGS = {
  env: setting('NODE_ENV', z.enum(['development', 'production', 'test']).default('development')),
  port: setting('PORT', int(3000)),
  /** Resolved in config.ts: loopback unless a real secret is configured. */
  host: setting('HOST', text()),
  /**
   * A second listener that answers only `/health` and `/metrics` (a management port, as
   * load balancers and orchestrators probe): its own accept queue, so a probe never waits
   * behind a reconnect storm's connections on `port`. Unset: no second listener.
   */
  healthPort: setting(
    'HEALTH_PORT',
    z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.coerce.number().int().min(1).max(65535).optional(),
    ),
  ),
  dataDir: setting(
    'DATA_DIR',
    z
      .string()
      .default('./data')
      .transform((dir) => path.resolve(dir)),
  ),
  mongodbUri: setting('MONGODB_URI', text()),
  jwt: {
    secret: setting('JWT_SECRET', text()),
    publicKey: setting('JWT_PUBLIC_KEY', text()),
    privateKey: setting('JWT_PRIVATE_KEY', text()),
    algorithm: setting('JWT_ALGORITHM', z.enum(['HS256', 'RS256', 'ES256']).optional()),
    issuer: setting('JWT_ISSUER', text()),
    audience: setting('JWT_AUDIENCE', text()),
    /** The longest a token may live, in seconds. */
    maxLifetimeSec: setting('TOKEN_MAX_LIFETIME', duration.default(DEFAULT_TOKEN_MAX_LIFETIME_SEC)),
  },
  /** Comma-separated; resolved in config.ts (`*`, and production's own-origin default). */
  allowedOrigins: setting(
    'ALLOWED_ORIGINS',
    text().transform((v) =>
      v
        ?.split(',')
        .map((o) => o.trim().replace(/\/$/, ''))
        .filter(Boolean),
    ),
  ),
  pingIntervalMs: setting('PING_INTERVAL_MS', int(25_000, 100)),
  pingTimeoutMs: setting('PING_TIMEOUT_MS', int(20_000, 100)),
  maxMessageLength: setting('MAX_MESSAGE_LENGTH', int(4_000, 1)),
  maxHttpBufferSize: setting('MAX_HTTP_BUFFER_SIZE', int(64 * 1024, 1024)),
  typingTimeoutMs: setting('TYPING_TIMEOUT_MS', int(5_000, 100)),
  /** Forwarded `typing: true` at most once per socket and room per this many ms. */
  typingMinIntervalMs: setting('TYPING_MIN_INTERVAL_MS', int(2_000, 0)),
  /** How long SIGTERM/SIGINT waits for in-flight work before the process exits. */
  shutdownGraceMs: setting('SHUTDOWN_GRACE_MS', int(10_000, 0)),
  /** Which reverse proxies' X-Forwarded-For/-Proto/-Host count (server/proxy-trust.ts). */
  trustProxy: setting(
    'TRUST_PROXY',
    z
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
  ),
  redisUrl: setting('REDIS_URL', text()),
  /** Room broadcasts written straight to each WebSocket (realtime/direct-broadcast.ts); `off`: Socket.IO's own path. */
  directBroadcast: setting(
    'DIRECT_BROADCAST',
    z
      .enum(['on', 'off'])
      .default('on')
      .transform((v) => v === 'on'),
  ),
  /** Resolved in config.ts into a WebhookConfig, or null when WEBHOOK_URL is unset. */
  webhook: {
    url: setting('WEBHOOK_URL', z.url({ protocol: /^https?$/ }).optional()),
    secret: setting('WEBHOOK_SECRET', text()),
    events: setting('WEBHOOK_EVENTS', text()),
    timeoutMs: setting('WEBHOOK_TIMEOUT_MS', int(5_000, 100)),
    /** Attempts before a delivery is marked failed (the console can redeliver it). */
    maxAttempts: setting('WEBHOOK_MAX_ATTEMPTS', int(12, 1)),
    /** First retry delay; doubled each attempt, capped at an hour. */
    retryBaseMs: setting('WEBHOOK_RETRY_BASE_MS', int(1_000, 10)),
  },
  /** The host platform owns the friends list (`PUT /api/server/users/:id/friends`): user requests are off. */
  friendsManagedByHost: setting('FRIENDS_MANAGED_BY_HOST', flag(false)),
  /** This process's name in the cluster console; config.ts defaults it to `<hostname>-<pid>`. */
  nodeId: setting(
    'NODE_ID',
    z
      .string()
      .regex(/^[\w.-]{1,64}$/, 'letters, digits, dot, dash or underscore (at most 64)')
      .optional(),
  ),
  /** Per-user limits (0 turns one off); see README "Operating it safely". */
  limits: {
    messages: {
      points: setting('RATE_LIMIT_MESSAGES', int(20)),
      windowMs: setting('RATE_LIMIT_WINDOW_MS', int(10_000, 1)),
    },
    joins: rate('LIMIT_JOINS_PER_MINUTE', 120, MINUTE),
    history: rate('LIMIT_HISTORY_PER_MINUTE', 300, MINUTE),
    sync: rate('LIMIT_SYNC_PER_MINUTE', 120, MINUTE),
    markRead: rate('LIMIT_MARK_READ_PER_MINUTE', 600, MINUTE),
    api: rate('LIMIT_API_PER_MINUTE', 600, MINUTE),
    friendRequests: rate('LIMIT_FRIEND_REQUESTS_PER_DAY', 100, DAY),
    groups: rate('LIMIT_GROUPS_PER_DAY', 50, DAY),
    /** Reactions added or taken back per user. */
    reactions: rate('LIMIT_REACTIONS_PER_MINUTE', 120, MINUTE),
    /** Refused (unauthenticated) socket handshakes per IP address. */
    handshakeFailures: rate('LIMIT_HANDSHAKE_FAILURES_PER_MINUTE', 60, MINUTE),
    /** `/api/server/*` calls per API key. */
    serverApiPerKey: rate('LIMIT_SERVER_API_PER_MINUTE', 6_000, MINUTE),
    /** `/api/server/*` and `/api/mod/*` calls per IP address, counted before the credentials are read. */
    serverApiPerAddress: rate('LIMIT_SERVER_API_PER_ADDRESS_PER_MINUTE', 12_000, MINUTE),
    /** Quotes pushed per API key (`POST /api/server/quotes`); 0, or at least one full batch. */
    quotesPerKey: rate('LIMIT_QUOTES_PER_SECOND', 10_000, 1_000),
    /** Refused REST credentials (API keys and user tokens) per IP address. */
    apiAuthFailures: rate('LIMIT_API_AUTH_FAILURES_PER_MINUTE', 60, MINUTE),
    /** Ticker rooms one user may belong to at once (leaving frees a slot). */
    tickerRooms: setting('LIMIT_TICKER_ROOMS', int(500)),
    /** Sockets one user may hold open on one node. */
    socketsPerUser: setting('LIMIT_SOCKETS_PER_USER', int(20)),
    /** Events one connection may send per second (past it: `rate_limited` or dropped). */
    eventsPerSecond: setting('LIMIT_EVENTS_PER_SECOND', int(300)),
  },
  /** Moderation: the edit window, the automatic rules and mute defaults. */
  moderation: {
    editWindowSec: setting('EDIT_WINDOW_SEC', int(900)),
    maxCashtags: setting('MAX_CASHTAGS_PER_MESSAGE', int(5)),
    linkMinAccountAgeMin: setting('LINK_MIN_ACCOUNT_AGE_MIN', int(60)),
    repeatCount: setting('SPAM_REPEAT_COUNT', int(3)),
    repeatWindowSec: setting('SPAM_REPEAT_WINDOW_SEC', int(600, 1)),
    reportsAutoMute: setting('REPORTS_AUTO_MUTE', int(5)),
    autoMuteMinutes: setting('AUTO_MUTE_MINUTES', int(1440, 1)),
    defaultMuteMinutes: setting('DEFAULT_MUTE_MINUTES', int(60, 1)),
    /** A file of blocked words; config.ts reads it into `blockedWords`. */
    blockedWordsFile: setting('BLOCKED_WORDS_FILE', text()),
    blockedWordsAction: setting(
      'BLOCKED_WORDS_ACTION',
      z.enum(['refuse', 'mask']).default('refuse'),
    ),
    /** How often a clustered server reloads mutes, bans and blocks others made. */
    refreshMs: setting('MODERATION_REFRESH_MS', int(5_000, 100)),
  },
  logLevel: setting(
    'LOG_LEVEL',
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
} as const satisfies SettingsSpec;

export type Settings = Parsed<typeof SETTINGS>;

function isSetting(node: Setting | SettingsSpec): node is Setting {
  return typeof node.variable === 'string' && 'schema' in node;
}

function leaves(spec: SettingsSpec): Setting[] {
  return Object.values(spec).flatMap((node) => (isSetting(node) ? [node] : leaves(node)));
}

/** Every variable name in the table, in table order. */
export function settingVariables(spec: SettingsSpec = SETTINGS): string[] {
  return leaves(spec).map((s) => s.variable);
}

function nest(spec: SettingsSpec, flat: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(spec).map(([key, node]) => [
      key,
      isSetting(node) ? flat[node.variable] : nest(node, flat),
    ]),
  );
}

/** Thrown for a configuration the server must not start with; the message names the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `env` against `spec` (unknown variables are ignored); throws ConfigError on the first bad one. */
export function readSettings<S extends SettingsSpec>(
  spec: S,
  env: Record<string, string | undefined>,
): Parsed<S> {
  const shape = Object.fromEntries(leaves(spec).map((s) => [s.variable, s.schema]));
  const parsed = z.object(shape).safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `Invalid environment variable ${String(issue?.path[0])}: ${issue?.message}`,
    );
  }
  return nest(spec, parsed.data) as Parsed<S>;
}

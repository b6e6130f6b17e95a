import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitsConfig, RateRule } from '../config.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Where a limit counts: in this process only, or across every node sharing Redis. */
export type LimitScope = 'node' | 'cluster';

/** Builds the counters behind a limit; the Redis backend falls back to memory when Redis is down. */
export interface LimiterBackend {
  create(name: string, rule: RateRule, scope: LimitScope): RateLimiterAbstract;
}

/** Every count in this process's memory (one node, or a limit that need not be shared). */
export const memoryBackend: LimiterBackend = {
  create: (_name, rule) =>
    new RateLimiterMemory({ points: rule.points, duration: rule.windowMs / 1000 }),
};

/**
 * One named per-key rate (a user id, an IP, `room:user` for slow mode). `consume`
 * either resolves or throws `rate_limited` with `retryAfterMs`; it never disconnects
 * anyone and never fails because the counter's store is down (it fails open, logged).
 */
export class RateLimit {
  constructor(
    readonly name: string,
    private readonly limiter: RateLimiterAbstract | null,
    private readonly describe: string,
    private readonly log?: Logger,
  ) {}

  /** Whether this limit is on (`points: 0` in the config turns it off). */
  get enabled(): boolean {
    return this.limiter !== null;
  }

  /** Counts `points` uses by `key`; throws `rate_limited` once the window's budget is spent. */
  async consume(key: string, points = 1): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(key, points);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        const retryAfterMs = Math.max(1, Math.ceil(err.msBeforeNext));
        throw new AppError(
          'rate_limited',
          `too many ${this.describe}; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
          { retryAfterMs },
        );
      }
      // Both the shared store and its in-memory insurance failed: let the user through.
      this.log?.warn({ err, limit: this.name }, 'rate limiter failed; allowing');
    }
  }

  /** Throws `rate_limited` when `key` has spent its budget, without counting a use. */
  async check(key: string): Promise<void> {
    if (!this.limiter) return;
    const res = await this.limiter.get(key).catch(() => null);
    if (res && res.remainingPoints <= 0 && res.msBeforeNext > 0) {
      const retryAfterMs = Math.ceil(res.msBeforeNext);
      throw new AppError(
        'rate_limited',
        `too many ${this.describe}; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
        { retryAfterMs },
      );
    }
  }

  /** Gives back a use counted by `consume` (e.g. when the action it paid for failed). */
  async refund(key: string, points = 1): Promise<void> {
    await this.limiter?.reward(key, points).catch(() => undefined);
  }
}

/**
 * Every per-user limit of the server, built once per process from `config.limits`
 * (see README "Operating it safely"). Messages, friend requests, groups and refused
 * sign-ins per address count across the cluster when Redis is configured (an address
 * gains nothing when the balancer moves it to another node); the rest count per node,
 * so the hot paths (joins, reads, typing) never wait on a network round trip.
 * Other features take their own limit from `rate()` (e.g. a room's slow mode).
 */
export class UserLimits {
  readonly messages: RateLimit;
  readonly joins: RateLimit;
  readonly history: RateLimit;
  readonly sync: RateLimit;
  readonly markRead: RateLimit;
  readonly api: RateLimit;
  readonly friendRequests: RateLimit;
  readonly groups: RateLimit;
  readonly reactions: RateLimit;
  readonly handshakeFailures: RateLimit;

  constructor(
    readonly config: LimitsConfig,
    private readonly backend: LimiterBackend = memoryBackend,
    private readonly log?: Logger,
  ) {
    this.messages = this.rate('messages', config.messages, 'messages', 'cluster');
    this.joins = this.rate('joins', config.joins, 'room joins');
    this.history = this.rate('history', config.history, 'history requests');
    this.sync = this.rate('sync', config.sync, 'sync requests');
    this.markRead = this.rate('mark_read', config.markRead, 'read markers');
    this.api = this.rate('api', config.api, 'API requests');
    this.friendRequests = this.rate(
      'friend_requests',
      config.friendRequests,
      'friend requests today',
      'cluster',
    );
    this.groups = this.rate('groups', config.groups, 'new groups today', 'cluster');
    this.reactions = this.rate('reactions', config.reactions, 'reactions');
    this.handshakeFailures = this.rate(
      'handshake_failures',
      config.handshakeFailures,
      'refused sign-ins from this address',
      'cluster',
    );
  }

  /** A limit of one's own with the same refusal and backend; `describe` completes "too many …". */
  rate(name: string, rule: RateRule, describe: string, scope: LimitScope = 'node'): RateLimit {
    const limiter =
      rule.points > 0
        ? (scope === 'cluster' ? this.backend : memoryBackend).create(name, rule, scope)
        : null;
    return new RateLimit(name, limiter, describe, this.log);
  }
}

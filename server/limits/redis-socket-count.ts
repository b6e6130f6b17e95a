import type { RedisClientType } from 'redis';
import type { Logger } from '../logger.js';
import type { SharedSocketCount } from './socket-quota.js';

const NODES = 'stock-chat:socket-nodes';
const userKey = (userId: string) => `stock-chat:sockets:${userId}`;

/** How often a node tells Redis it is alive, and how long after its last word it counts as dead. */
export const NODE_BEAT_MS = 5_000;
export const NODE_TTL_MS = 15_000;

/** Redis's own clock in ms, so nodes whose clocks differ agree on who is alive. */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: the user's hash (node -> sockets), the node liveness zset (node -> alive
 * until, ms). ARGV: this node, the cap. Drops the counts of nodes no longer alive,
 * then counts one socket for this node when the total is under the cap (1), else 0.
 */
const RESERVE = `${NOW}
local total = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local node, n = fields[i], tonumber(fields[i + 1])
  local alive = redis.call('ZSCORE', KEYS[2], node)
  if node ~= ARGV[1] and (not alive or tonumber(alive) < now) then
    redis.call('HDEL', KEYS[1], node)
  else
    total = total + n
  end
end
if total >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return 1`;

/** KEYS: the user's hash. ARGV: this node. One socket fewer; the field goes at zero. */
const RELEASE = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`;

/**
 * KEYS: the liveness zset. ARGV: this node, the ttl. Marks the node alive and drops
 * dead ones; 1 when the node had lapsed (or Redis lost it): its counts may be gone.
 */
const BEAT = `${NOW}
local was = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if not was or tonumber(was) < now then return 1 end
return 0`;

/**
 * Every user's sockets counted per node in one Redis hash per user, checked and
 * counted by one script so nodes racing on a user cannot overshoot. A node that
 * dies holding counts is dropped once it has not beaten for `NODE_TTL_MS`: its
 * entries stop counting at the next reservation of each user. A node that lapsed
 * and comes back writes its own counts again.
 */
export class RedisSocketCount implements SharedSocketCount {
  /** What this node has counted in Redis, per user (written again after a lapse or a failure). */
  private readonly counted = new Map<string, number>();
  /** Users whose count in Redis may be off (a script failed mid-way): written at the next beat. */
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: RedisClientType,
    /** Unique per process, so a restarted node never inherits a dead one's counts. */
    private readonly nodeId: string,
    private readonly log: Logger,
  ) {}

  /** Announces the node alive now and every `NODE_BEAT_MS`. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), NODE_BEAT_MS);
    this.timer.unref();
  }

  async reserve(userId: string, cap: number): Promise<boolean> {
    const ok = await this.client
      .sendCommand<number>(['EVAL', RESERVE, '2', userKey(userId), NODES, this.nodeId, String(cap)])
      .catch((err: unknown) => {
        // It may have run before the connection dropped: the next beat writes the true count.
        this.dirty.add(userId);
        throw err;
      });
    if (ok !== 1) return false;
    this.counted.set(userId, (this.counted.get(userId) ?? 0) + 1);
    return true;
  }

  async release(userId: string): Promise<void> {
    const left = (this.counted.get(userId) ?? 1) - 1;
    if (left > 0) this.counted.set(userId, left);
    else this.counted.delete(userId);
    await this.client
      .sendCommand(['EVAL', RELEASE, '1', userKey(userId), this.nodeId])
      .catch((err: unknown) => {
        // Left counted, a closed socket would keep its slot: the next beat writes the true count.
        this.dirty.add(userId);
        throw err;
      });
  }

  /** Stops beating and leaves the liveness set, so this node's counts stop counting at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.client.sendCommand(['ZREM', NODES, this.nodeId]).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      const lapsed = await this.client.sendCommand<number>([
        'EVAL',
        BEAT,
        '1',
        NODES,
        this.nodeId,
        String(NODE_TTL_MS),
      ]);
      // After a lapse other nodes may have dropped this node's counts; a dirty one may be off.
      const users = new Set(lapsed === 1 ? [...this.counted.keys(), ...this.dirty] : this.dirty);
      this.dirty.clear();
      if (users.size === 0) return;
      this.log.info({ users: users.size, lapsed }, 'socket counts: writing this node’s again');
      await Promise.all([...users].map((userId) => this.write(userId)));
    } catch (err) {
      this.log.debug({ err }, 'socket counts: liveness beat failed (Redis unreachable)');
    }
  }

  /** Sets the user's count for this node to what this node holds (a failed write stays dirty). */
  private async write(userId: string): Promise<void> {
    const n = this.counted.get(userId) ?? 0;
    const command =
      n > 0
        ? ['HSET', userKey(userId), this.nodeId, String(n)]
        : ['HDEL', userKey(userId), this.nodeId];
    await this.client.sendCommand(command).catch(() => this.dirty.add(userId));
  }
}

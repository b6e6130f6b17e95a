import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Each user's sockets counted across the cluster (Redis), beside this node's own count. */
export interface SharedSocketCount {
  /**
   * Counts one more socket of `userId` on this node unless the cluster already
   * holds `cap`: resolves false then. Rejects when the count cannot be reached.
   */
  reserve(userId: string, cap: number): Promise<boolean>;
  /** Gives back one socket counted by `reserve`. */
  release(userId: string): Promise<void>;
}

/** Gives a reserved socket slot back; calls after the first do nothing. */
export type ReleaseSlot = () => void;

const full = (cap: number) =>
  new AppError(
    'rate_limited',
    `you already have ${cap} connections open, the most allowed; close one first`,
  );

/**
 * LIMIT_SOCKETS_PER_USER: how many sockets one user may hold, on this node and,
 * with a `shared` count, across the cluster. A handshake reserves its slot before
 * anything else of it waits, and gives it back when the socket goes or the
 * handshake fails later, so concurrent handshakes of one user cannot overshoot.
 */
export class SocketQuota {
  private readonly held = new Map<string, number>();

  constructor(
    /** Sockets per user; 0 turns the cap off. */
    readonly cap: number,
    private readonly shared?: SharedSocketCount,
    private readonly log?: Logger,
  ) {}

  /**
   * Reserves one of the user's slots, or rejects with `rate_limited`. The check
   * and the count on this node are one synchronous step, taken before this returns;
   * the cluster-wide count is one atomic Redis script. While Redis is unreachable
   * the node's own cap still holds (as the rate limits fall back to memory).
   */
  reserve(userId: string): Promise<ReleaseSlot> {
    if (this.cap <= 0) return Promise.resolve(() => undefined);
    const count = this.held.get(userId) ?? 0;
    if (count >= this.cap) return Promise.reject(full(this.cap));
    this.held.set(userId, count + 1);
    const local = once(() => {
      const left = (this.held.get(userId) ?? 1) - 1;
      if (left > 0) this.held.set(userId, left);
      else this.held.delete(userId);
    });
    return this.shared ? this.reserveShared(this.shared, userId, local) : Promise.resolve(local);
  }

  /** Sockets of the user reserved on this node (connected, or still in their handshake). */
  heldBy(userId: string): number {
    return this.held.get(userId) ?? 0;
  }

  private async reserveShared(
    shared: SharedSocketCount,
    userId: string,
    local: ReleaseSlot,
  ): Promise<ReleaseSlot> {
    let counted: boolean;
    try {
      counted = await shared.reserve(userId, this.cap);
    } catch (err) {
      this.log?.warn({ err, userId }, 'cluster socket count unreachable; counting this node only');
      return local;
    }
    if (!counted) {
      local();
      throw full(this.cap);
    }
    return once(() => {
      local();
      shared.release(userId).catch((err: unknown) => {
        this.log?.warn({ err, userId }, 'cluster socket count release failed');
      });
    });
  }
}

const once = (fn: () => void): ReleaseSlot => {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
};

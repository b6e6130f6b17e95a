import type { RoomId } from '../../protocol.js';
import type { Ban, Mute } from '../../protocol-admin.js';
import type { ModerationStore } from '../../store/moderation-types.js';

/**
 * Mutes, bans and blocks held in memory, so the send path and the fan-out check
 * them without a database read. Loaded at start; each change made through this
 * process applies at once, and `refresh()` (run periodically when several
 * processes share the store) picks up the others' changes.
 */
export class ModerationState {
  private mutes = new Map<string, Mute[]>();
  private bans = new Map<string, Ban>();
  /** blocked user -> the users blocking them (the fan-out's `except` list). */
  private blockers = new Map<string, Set<string>>();
  /** blocker -> the users they block (history and sync filters). */
  private blocking = new Map<string, Set<string>>();
  private firstSeen = new Map<string, number>();

  constructor(private readonly store: ModerationStore) {}

  /** Reloads everything from the store. */
  async refresh(now = new Date()): Promise<void> {
    const [mutes, bans, blocks] = await Promise.all([
      this.store.activeMutes(now),
      this.store.activeBans(now),
      this.store.allBlocks(),
    ]);
    this.mutes = new Map();
    for (const mute of mutes.items) this.addMute(mute);
    this.bans = new Map(bans.items.map((b) => [b.userId, b]));
    this.blockers = new Map();
    this.blocking = new Map();
    for (const b of blocks) this.setBlock(b.blocker, b.blocked, true);
  }

  /** The mute keeping `userId` from posting in `room` at `now` (the longest), if any. */
  muteOf(userId: string, room: RoomId, now = Date.now()): Mute | undefined {
    const list = this.mutes.get(userId);
    if (!list) return undefined;
    const active = list.filter((m) => Date.parse(m.until) > now);
    if (active.length !== list.length) {
      if (active.length) this.mutes.set(userId, active);
      else this.mutes.delete(userId);
    }
    return active
      .filter((m) => m.room === null || m.room === room)
      .sort((a, b) => Date.parse(b.until) - Date.parse(a.until))[0];
  }

  addMute(mute: Mute): void {
    this.mutes.set(mute.userId, [...(this.mutes.get(mute.userId) ?? []), mute]);
  }

  removeMute(mute: Pick<Mute, 'id' | 'userId'>): void {
    const rest = (this.mutes.get(mute.userId) ?? []).filter((m) => m.id !== mute.id);
    if (rest.length) this.mutes.set(mute.userId, rest);
    else this.mutes.delete(mute.userId);
  }

  /** The ban in force for `userId` at `now`, if any. */
  banOf(userId: string, now = Date.now()): Ban | undefined {
    const ban = this.bans.get(userId);
    if (!ban) return undefined;
    if (ban.until !== null && Date.parse(ban.until) <= now) {
      this.bans.delete(userId);
      return undefined;
    }
    return ban;
  }

  setBan(ban: Ban | null, userId: string): void {
    if (ban) this.bans.set(userId, ban);
    else this.bans.delete(userId);
  }

  setBlock(blocker: string, blocked: string, on: boolean): void {
    const edit = (map: Map<string, Set<string>>, key: string, value: string) => {
      const set = map.get(key) ?? new Set<string>();
      if (on) set.add(value);
      else set.delete(value);
      if (set.size) map.set(key, set);
      else map.delete(key);
    };
    edit(this.blockers, blocked, blocker);
    edit(this.blocking, blocker, blocked);
  }

  /** Users who block `userId`: they do not get that user's messages live. */
  blockersOf(userId: string): ReadonlySet<string> {
    return this.blockers.get(userId) ?? EMPTY;
  }

  /** Users `userId` blocks: history and sync leave their messages out. */
  blockedBy(userId: string): ReadonlySet<string> {
    return this.blocking.get(userId) ?? EMPTY;
  }

  /** Whether either user blocks the other. */
  eitherBlocks(a: string, b: string): boolean {
    return this.blockedBy(a).has(b) || this.blockedBy(b).has(a);
  }

  /** When the user was first seen (ms), read from the store once per process. */
  async firstSeenOf(userId: string): Promise<number> {
    const known = this.firstSeen.get(userId);
    if (known !== undefined) return known;
    const iso = await this.store.firstSeen(userId);
    const at = iso ? Date.parse(iso) : Date.now();
    this.firstSeen.set(userId, at);
    return at;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

import type { RoomId } from '../../../protocol/wire.js';
import type { Ban, Mute } from '../../../protocol/admin.js';
import { systemClock, type Clock } from '../../clock.js';
import type { ModerationStore } from '../../store/moderation-types.js';

/** One change of mutes, bans or blocks: what the nodes of a cluster tell each other (plain JSON). */
export type ModerationChange =
  | { kind: 'ban'; userId: string; ban: Ban | null }
  | { kind: 'mute'; mute: Mute }
  | { kind: 'unmute'; mute: Pick<Mute, 'id' | 'userId'> }
  | { kind: 'block'; blocker: string; blocked: string; on: boolean };

/**
 * Mutes, bans and blocks held in memory, so the send path and the fan-out check
 * them without a database read. Loaded at start; each change made through this
 * process applies at once and is told to `onChange` listeners (which push it to
 * the other nodes, whose `apply()` takes it); `refresh()` reloads everything, a
 * safety net for pushes lost while nodes could not reach each other.
 */
export class ModerationState {
  private mutes = new Map<string, Mute[]>();
  private bans = new Map<string, Ban>();
  /** blocked user -> the users blocking them (the fan-out's `except` list). */
  private blockers = new Map<string, Set<string>>();
  /** blocker -> the users they block (history and sync filters). */
  private blocking = new Map<string, Set<string>>();
  private firstSeen = new Map<string, number>();
  private readonly listeners: ((change: ModerationChange) => void)[] = [];
  /** Changes applied while a reload reads the store: applied again over what it read. */
  private readonly duringRefresh = new Set<ModerationChange[]>();

  constructor(
    private readonly store: ModerationStore,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Reloads everything from the store. */
  async refresh(now = new Date(this.clock.now())): Promise<void> {
    const meanwhile: ModerationChange[] = [];
    this.duringRefresh.add(meanwhile);
    try {
      const [mutes, bans, blocks] = await Promise.all([
        this.store.activeMutes(now),
        this.store.activeBans(now),
        this.store.allBlocks(),
      ]);
      this.mutes = new Map();
      this.bans = new Map(bans.items.map((b) => [b.userId, b]));
      this.blockers = new Map();
      this.blocking = new Map();
      for (const mute of mutes.items) this.edit({ kind: 'mute', mute });
      for (const b of blocks)
        this.edit({ kind: 'block', blocker: b.blocker, blocked: b.blocked, on: true });
      // A change that landed while the store was read may be missing from what it returned.
      this.duringRefresh.delete(meanwhile);
      for (const change of meanwhile) this.edit(change);
    } finally {
      this.duringRefresh.delete(meanwhile);
    }
  }

  /** Calls `listener` with every change made through this process (not those `apply`d). */
  onChange(listener: (change: ModerationChange) => void): void {
    this.listeners.push(listener);
  }

  /** Takes a change another process made (and told this one of). */
  apply(change: ModerationChange): void {
    this.edit(change);
  }

  /** The mute keeping `userId` from posting in `room` at `now` (the longest), if any. */
  muteOf(userId: string, room: RoomId, now = this.clock.now()): Mute | undefined {
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

  /** Every mute of `userId` in force at `now`, in a room or everywhere. */
  mutesOf(userId: string, now = this.clock.now()): Mute[] {
    return (this.mutes.get(userId) ?? []).filter((m) => Date.parse(m.until) > now);
  }

  /** The longest mute of `userId` in every room at `now`, if any. */
  globalMuteOf(userId: string, now = this.clock.now()): Mute | undefined {
    return (this.mutes.get(userId) ?? [])
      .filter((m) => m.room === null && Date.parse(m.until) > now)
      .sort((a, b) => Date.parse(b.until) - Date.parse(a.until))[0];
  }

  addMute(mute: Mute): void {
    this.change({ kind: 'mute', mute });
  }

  removeMute(mute: Pick<Mute, 'id' | 'userId'>): void {
    this.change({ kind: 'unmute', mute: { id: mute.id, userId: mute.userId } });
  }

  /** The ban in force for `userId` at `now`, if any. */
  banOf(userId: string, now = this.clock.now()): Ban | undefined {
    const ban = this.bans.get(userId);
    if (!ban) return undefined;
    if (ban.until !== null && Date.parse(ban.until) <= now) {
      this.bans.delete(userId);
      return undefined;
    }
    return ban;
  }

  setBan(ban: Ban | null, userId: string): void {
    this.change({ kind: 'ban', userId, ban });
  }

  setBlock(blocker: string, blocked: string, on: boolean): void {
    this.change({ kind: 'block', blocker, blocked, on });
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

  /** A change made through this process: applied here, then told to the listeners. */
  private change(change: ModerationChange): void {
    this.edit(change);
    for (const listener of this.listeners) listener(change);
  }

  private edit(change: ModerationChange): void {
    for (const meanwhile of this.duringRefresh) meanwhile.push(change);
    switch (change.kind) {
      case 'ban':
        if (change.ban) this.bans.set(change.userId, change.ban);
        else this.bans.delete(change.userId);
        return;
      case 'mute': {
        const others = (this.mutes.get(change.mute.userId) ?? []).filter(
          (m) => m.id !== change.mute.id,
        );
        this.mutes.set(change.mute.userId, [...others, change.mute]);
        return;
      }
      case 'unmute': {
        const rest = (this.mutes.get(change.mute.userId) ?? []).filter(
          (m) => m.id !== change.mute.id,
        );
        if (rest.length) this.mutes.set(change.mute.userId, rest);
        else this.mutes.delete(change.mute.userId);
        return;
      }
      case 'block':
        toggle(this.blockers, change.blocked, change.blocker, change.on);
        toggle(this.blocking, change.blocker, change.blocked, change.on);
        return;
    }
  }

  /** When the user was first seen (ms), read from the store once per process. */
  async firstSeenOf(userId: string): Promise<number> {
    const known = this.firstSeen.get(userId);
    if (known !== undefined) return known;
    const iso = await this.store.firstSeen(userId);
    const at = iso ? Date.parse(iso) : this.clock.now();
    this.firstSeen.set(userId, at);
    return at;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** Adds `value` to (or removes it from) the set under `key`, dropping an empty set. */
function toggle(map: Map<string, Set<string>>, key: string, value: string, on: boolean): void {
  const set = map.get(key) ?? new Set<string>();
  if (on) set.add(value);
  else set.delete(value);
  if (set.size) map.set(key, set);
  else map.delete(key);
}

import { randomUUID } from 'node:crypto';
import type { RoomSummary } from '../../protocol/wire.js';
import type { UserLimits } from '../limits/user-limits.js';
import type { Store } from '../store/types.js';
import { forbidden } from '../errors.js';
import type { EventPublisher } from './events.js';
import { dmPeer } from './rooms.js';

/** A page of the user's rooms; `nextCursor` is null on the last page. */
export interface RoomsPage {
  rooms: RoomSummary[];
  nextCursor: string | null;
}

/** The rooms a user has (the room list) and the groups they create. */
export class RoomDirectory {
  constructor(
    private readonly store: Store,
    private readonly events: EventPublisher,
    /** Whether `blocker` blocks `blocked` (moderation state, in memory). */
    private readonly blocks: (blocker: string, blocked: string) => boolean,
    private readonly limits?: UserLimits,
  ) {}

  /**
   * Creates a group room owned by `user`; members must be the creator's friends,
   * and nobody who blocks the creator can be added (a blocker may still add whom they block).
   */
  async createGroup(
    user: { id: string },
    name: string,
    members: string[] = [],
  ): Promise<RoomSummary> {
    await this.limits?.groups.consume(user.id);
    const friends = new Set(await this.store.friendsOf(user.id));
    const strangers = members.filter((m) => m !== user.id && !friends.has(m));
    if (strangers.length > 0)
      throw forbidden(`only friends can be added to a group: ${strangers.join(', ')}`);
    // Worded like a blocked DM: it names no side, and nothing is created.
    const blocked = members.filter((m) => m !== user.id && this.blocks(m, user.id));
    if (blocked.length > 0)
      throw forbidden(
        `a block between you keeps these users out of your groups: ${blocked.join(', ')}`,
      );
    const id = `g:${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    const room = await this.store.ensureRoom({ id, kind: 'group', name, createdBy: user.id });
    const all = [...new Set([user.id, ...members])];
    await this.store.addMembers(id, all);
    const summary: RoomSummary = {
      id,
      kind: 'group',
      name: room.name,
      lastSeq: 0,
      readSeq: 0,
      unread: 0,
      memberCount: all.length,
    };
    this.events.publish({
      type: 'room.added',
      room: summary,
      members: all.filter((m) => m !== user.id),
    });
    return summary;
  }

  /**
   * One page of the user's rooms, most recently active first, with unread counts;
   * DMs carry the peer. A page costs a fixed number of store queries, whatever its size.
   */
  async list(userId: string, limit = 100, cursor?: string): Promise<RoomsPage> {
    const page = await this.store.roomsOf(userId, { limit, after: cursor });
    const peerOf = (id: string) => dmPeer(id, userId) ?? userId;
    const dms = page.rooms.filter((m) => m.kind === 'dm');
    const [users, friendIds] = await Promise.all([
      dms.length > 0 ? this.store.getUsers(dms.map((m) => peerOf(m.id))) : [],
      dms.length > 0 ? this.store.friendsOf(userId) : [],
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    const friends = new Set(friendIds);
    const muted = await this.store.people.mutedAmong(
      userId,
      page.rooms.map((m) => m.id),
    );
    const rooms: RoomSummary[] = [];
    for (const m of page.rooms) {
      const peerId = m.kind === 'dm' ? peerOf(m.id) : undefined;
      // A DM of a former friend stays stored but is no longer listed.
      if (peerId && !friends.has(peerId)) continue;
      const peer = peerId ? (byId.get(peerId) ?? { id: peerId, name: peerId }) : undefined;
      rooms.push({
        id: m.id,
        kind: m.kind,
        name: peer ? peer.name : m.name,
        lastSeq: m.lastSeq,
        readSeq: m.readSeq,
        unread: Math.max(0, m.lastSeq - m.readSeq),
        memberCount: m.memberCount,
        ...(peer ? { peer, peerReadSeq: m.peerReadSeq ?? 0 } : {}),
        ...(m.lastMessage ? { lastMessage: m.lastMessage } : {}),
        ...(muted.has(m.id) ? { muted: true } : {}),
      });
    }
    return { rooms, nextCursor: page.next };
  }
}

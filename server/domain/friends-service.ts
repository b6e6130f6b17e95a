import type { Friend, FriendRequest, User, UserRef } from '../../protocol/wire.js';
import type { UserLimits } from '../limits/user-limits.js';
import type { FriendRequestRecord, Store } from '../store/types.js';
import type { ChatService } from './chat-service.js';
import { badRequest, conflict, forbidden, notFound } from '../errors.js';
import type { EventPublisher } from './events.js';
import { dmRoomId, USER_ID_PATTERN } from './rooms.js';

/**
 * Friend requests, acceptance and removal. Friendship is what opens a DM room;
 * every change is announced through `events` (both users' sockets hear of it).
 */
export class FriendsService {
  constructor(
    private readonly store: Store,
    private readonly chat: ChatService,
    private readonly events: EventPublisher,
    private readonly isOnline: (userId: string) => boolean,
    private readonly limits?: UserLimits,
  ) {}

  async list(
    userId: string,
  ): Promise<{ friends: Friend[]; incoming: FriendRequest[]; outgoing: FriendRequest[] }> {
    const [ids, requests] = await Promise.all([
      this.store.friendsOf(userId),
      this.store.friendRequestsOf(userId),
    ]);
    const friends = (await this.store.getUsers(ids)).map((u) => ({
      ...u,
      status: this.isOnline(u.id) ? ('online' as const) : ('offline' as const),
      room: dmRoomId(userId, u.id),
    }));
    // A request sent before a block (either way) is not shown to its recipient any more.
    const incoming = requests.incoming.filter((r) => !this.chat.eitherBlocks(r.from, userId));
    return {
      friends: friends.sort((a, b) => a.name.localeCompare(b.name)),
      incoming: await this.expand(incoming),
      outgoing: await this.expand(requests.outgoing),
    };
  }

  /** Asks `to` for a friendship; a pending request the other way is accepted instead. */
  async request(from: UserRef, to: string): Promise<{ request: FriendRequest; created: boolean }> {
    if (!USER_ID_PATTERN.test(to)) throw badRequest('to must be a user id');
    if (to === from.id) throw badRequest('you cannot befriend yourself');
    const [target] = await this.store.getUsers([to]);
    if (!target) throw notFound(`user ${to} does not exist`);
    // Before anything else about the pair, so a refusal tells no more than a blocked DM does.
    if (this.chat.eitherBlocks(from.id, to)) throw blockedPair();
    if (await this.store.areFriends(from.id, to))
      throw conflict(`you and ${to} are already friends`);
    const pending = await this.store.findFriendRequest(from.id, to);
    if (pending?.from === from.id) throw conflict(`you already asked ${to}`);
    if (pending) return { request: await this.accept(pending.id, from.id), created: false };
    await this.limits?.friendRequests.consume(from.id);
    const request = await this.expandOne(await this.store.createFriendRequest(from.id, to));
    this.events.publish({ type: 'friend.requested', request });
    return { request, created: true };
  }

  /** Accepts a request addressed to `userId`; both sides learn of the new friend. */
  async accept(requestId: string, userId: string): Promise<FriendRequest> {
    const pending = await this.store.getFriendRequest(requestId);
    if (!pending) throw notFound('no such friend request');
    if (pending.to !== userId) throw forbidden('only the invited user can accept a request');
    if (pending.status === 'accepted') throw conflict('the request was already accepted');
    // A request sent before a block cannot open a friendship (and tell the other side) after it.
    if (this.chat.eitherBlocks(pending.from, pending.to)) throw blockedPair();
    const accepted = await this.store.acceptFriendRequest(requestId);
    const room = await this.chat.ensureDm(accepted.from, accepted.to);
    const users = new Map(
      (await this.store.getUsers([accepted.from, accepted.to])).map((u) => [u.id, u]),
    );
    this.events.publish({
      type: 'friend.accepted',
      users: [this.user(users, accepted.from), this.user(users, accepted.to)],
      room: room.id,
    });
    return this.expandOne(accepted);
  }

  /**
   * Ends a pending request without a friendship: its recipient declines it, its
   * sender cancels it. Both users hear of it (`friend.request_closed`).
   */
  async closeRequest(requestId: string, userId: string): Promise<FriendRequest> {
    const pending = await this.store.getFriendRequest(requestId);
    if (!pending || pending.status !== 'pending') throw notFound('no such pending friend request');
    if (pending.to !== userId && pending.from !== userId)
      throw forbidden('only its sender or recipient can end a friend request');
    if (!(await this.store.people.deletePendingRequest(requestId)))
      throw notFound('no such pending friend request');
    const request = await this.expandOne(pending);
    const reason = pending.to === userId ? 'declined' : 'cancelled';
    this.events.publish({ type: 'friend.request_closed', request, reason });
    return request;
  }

  /** Ends a friendship (or withdraws a pending request); the DM stops at once for both. */
  async remove(userId: string, other: string): Promise<void> {
    if (!USER_ID_PATTERN.test(other)) throw badRequest('not a user id');
    const removed = await this.store.removeFriend(userId, other);
    if (!removed) throw notFound(`you and ${other} are not friends`);
    const room = dmRoomId(userId, other);
    const users = new Map((await this.store.getUsers([userId, other])).map((u) => [u.id, u]));
    this.events.publish({
      type: 'friend.removed',
      users: [this.user(users, userId), this.user(users, other)],
      room,
    });
  }

  /**
   * Makes `ids` exactly the user's friends (the host platform's social graph):
   * new friendships and ended ones are pushed live like accepted and removed
   * requests. Users the chat has not seen yet are created with their id as name.
   */
  async setFriends(userId: string, ids: string[]): Promise<{ added: string[]; removed: string[] }> {
    const wanted = new Set(ids.filter((id) => id !== userId));
    const current = new Set(await this.store.friendsOf(userId));
    const added = [...wanted].filter((id) => !current.has(id));
    const removed = [...current].filter((id) => !wanted.has(id));
    const known = new Set((await this.store.getUsers([userId, ...added])).map((u) => u.id));
    for (const id of [userId, ...added])
      if (!known.has(id)) await this.store.upsertUser({ id, name: id });
    const users = new Map((await this.store.getUsers([userId, ...added])).map((u) => [u.id, u]));
    for (const id of added) {
      await this.befriend(userId, id);
      const room = dmRoomId(userId, id);
      this.events.publish({
        type: 'friend.accepted',
        users: [this.user(users, userId), this.user(users, id)],
        room,
      });
    }
    for (const id of removed) await this.remove(userId, id);
    return { added, removed };
  }

  /** Makes two users friends at once (development sign-in only). */
  async befriend(a: string, b: string): Promise<void> {
    if (a === b || (await this.store.areFriends(a, b))) return;
    const pending =
      (await this.store.findFriendRequest(a, b)) ?? (await this.store.createFriendRequest(a, b));
    await this.store.acceptFriendRequest(pending.id);
    await this.chat.ensureDm(a, b);
  }

  private user(users: Map<string, User>, id: string): User {
    return users.get(id) ?? { id, name: id };
  }

  private async expandOne(record: FriendRequestRecord): Promise<FriendRequest> {
    const [request] = await this.expand([record]);
    if (!request) throw new Error('expand lost a friend request');
    return request;
  }

  private async expand(records: FriendRequestRecord[]): Promise<FriendRequest[]> {
    const ids = [...new Set(records.flatMap((r) => [r.from, r.to]))];
    const users = new Map((await this.store.getUsers(ids)).map((u) => [u.id, u]));
    const ref = (id: string): UserRef => ({ id, name: users.get(id)?.name ?? id });
    return records.map((r) => ({
      id: r.id,
      from: ref(r.from),
      to: ref(r.to),
      status: r.status,
      createdAt: r.createdAt,
    }));
  }
}

/** The refusal for a request between users with a block either way: like a blocked DM, it names no side. */
function blockedPair() {
  return forbidden('friend requests between these users are blocked');
}

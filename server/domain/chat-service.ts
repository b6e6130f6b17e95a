import { randomUUID } from 'node:crypto';
import type {
  JoinChatData,
  MarkReadData,
  Message,
  MessagesPage,
  RoomId,
  RoomSummary,
  SyncPayload,
} from '../protocol.js';
import type { AppendResult, RoomRecord, Store } from '../store/types.js';
import { AppError, forbidden, notFound } from './errors.js';
import type { EventPublisher } from './events.js';
import type { Identity } from './identity.js';
import { dmRoomId, extractCashtags, parseRoom, type ParsedRoom } from './rooms.js';
import type { ModerationState } from './moderation/moderation-state.js';
import { canModerateRoom } from './moderation/roles.js';
import type { SendGuard } from './moderation/send-guard.js';
import { checkText } from './validation.js';

export type UserLike = Pick<Identity, 'id' | 'name'> & { roles?: string[] };

/** The moderation parts the chat rules consult on every send and read. */
export interface ChatModeration {
  state: ModerationState;
  guard: SendGuard;
}

/**
 * Rooms, permissions and messages: the rules both the socket handlers and the
 * REST routes go through. Permission, not a prior join, decides who may read or post.
 * Every write is announced through `events` once it is stored.
 */
export class ChatService {
  constructor(
    private readonly store: Store,
    private readonly maxMessageLength: number,
    private readonly moderation: ChatModeration,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Resolves a room id for a user, enforcing who may use it. Ticker rooms are
   * created on first use; group rooms must exist and list the user; DMs need a friendship.
   */
  async access(raw: string, user: UserLike): Promise<{ parsed: ParsedRoom; room: RoomRecord }> {
    const parsed = parseRoom(raw);
    if (parsed.kind === 'ticker') {
      // Read first: the hot path should not start a write just to find the room exists.
      const room =
        (await this.store.getRoom(parsed.id)) ??
        (await this.store.ensureRoom({ id: parsed.id, kind: 'ticker', name: parsed.id }));
      return { parsed, room };
    }
    if (parsed.kind === 'group') {
      const room = await this.store.getRoom(parsed.id);
      if (!room) throw notFound(`room ${parsed.id} does not exist`);
      if (!(await this.store.isMember(parsed.id, user.id)))
        throw forbidden(`you are not a member of ${parsed.id}`);
      return { parsed, room };
    }
    const [a, b] = parsed.users;
    if (user.id !== a && user.id !== b)
      throw forbidden('this conversation is between two other users');
    const peer = user.id === a ? b : a;
    if (!(await this.store.areFriends(a, b)))
      throw forbidden(`direct messages need a friendship with ${peer}`);
    return { parsed, room: await this.ensureDm(a, b) };
  }

  /** Creates the DM room of two friends with both as members. */
  async ensureDm(a: string, b: string): Promise<RoomRecord> {
    const id = dmRoomId(a, b);
    const existing = await this.store.getRoom(id);
    if (existing) return existing;
    const room = await this.store.ensureRoom({ id, kind: 'dm', name: id });
    await this.store.addMembers(id, [a, b]);
    return room;
  }

  async join(raw: string, user: UserLike): Promise<JoinChatData> {
    const { room } = await this.access(raw, user);
    if (room.kind === 'ticker') await this.store.addMembers(room.id, [user.id]);
    const [readSeq, memberCount] = await Promise.all([
      this.store.readSeq(room.id, user.id),
      this.store.memberCount(room.id),
    ]);
    const mute = this.moderation.state.muteOf(user.id, room.id);
    return {
      room: room.id,
      lastSeq: room.lastSeq,
      lastRev: room.lastRev,
      readSeq,
      memberCount,
      slowModeSec: room.slowModeSec,
      readOnly: room.readOnly,
      ...(mute ? { mutedUntil: mute.until } : {}),
      canModerate: canModerateRoom(user, room),
    };
  }

  /**
   * Stores a message after the moderation checks and announces it
   * (`message.created`), then, off the sender's path, the DM or group readers' new
   * unread counts. A retry of a stored `clientId` answers the original even when a
   * check would now refuse, and announces nothing. `exempt` (server-side senders)
   * skips the automatic rules.
   */
  async send(
    input: { room: string; text: string; clientId: string },
    user: UserLike,
    options: { exempt?: boolean } = {},
  ): Promise<AppendResult> {
    const checked = checkText(input.text, this.maxMessageLength);
    const { room } = await this.access(input.room, user);
    const { guard } = this.moderation;
    const cashtags = extractCashtags(checked);
    let text: string;
    try {
      text = await guard.check(user, room, checked, cashtags.length, options);
    } catch (err) {
      const original = await this.store.findMessage(room.id, user.id, input.clientId);
      if (original) return { message: original, created: false };
      throw err;
    }
    const result = await this.store.appendMessage({
      room: room.id,
      clientId: input.clientId,
      sender: { id: user.id, name: user.name },
      text,
      // The guard may mask words; only then are the cashtags read again.
      cashtags: text === checked ? cashtags : extractCashtags(text),
      createdAt: new Date(),
    });
    if (!result.created) return result;
    guard.accepted(result.message);
    const { message } = result;
    this.events.publish({ type: 'message.created', message });
    if (room.kind !== 'ticker') {
      this.events.publishLater('unread push', async () => {
        const counts = await this.unreadFor(message.room, message.seq, message.sender.id);
        return {
          type: 'unread.changed',
          room: message.room,
          counts: [...counts].map(([id, count]) => ({ user: id, count })),
        };
      });
    }
    return result;
  }

  /** Leaves out messages of users the reader blocks. */
  private visible(messages: Message[], user: UserLike): Message[] {
    const blocked = this.moderation.state.blockedBy(user.id);
    return blocked.size ? messages.filter((m) => !blocked.has(m.sender.id)) : messages;
  }

  async history(
    raw: string,
    user: UserLike,
    beforeSeq?: number,
    limit = 50,
  ): Promise<MessagesPage> {
    const { room } = await this.access(raw, user);
    const page = await this.store.history(room.id, beforeSeq, limit);
    return { ...page, messages: this.visible(page.messages, user) };
  }

  /**
   * Everything after each room's `lastSeq`, oldest first per room, at most `limit` in all;
   * with `lastRev`, first the messages up to `lastSeq` changed after it (by rev).
   * A malformed room id fails the call; a room the user may no longer read (a DM
   * after an unfriending, a group they left) is passed over, so one lost room
   * cannot stop a reconnecting client from catching up on the others.
   */
  async sync(payload: SyncPayload, user: UserLike): Promise<MessagesPage> {
    payload.rooms.forEach((entry) => parseRoom(entry.room));
    let budget = payload.limit ?? 200;
    const messages: Message[] = [];
    let hasMore = false;
    for (const entry of payload.rooms) {
      const access = await this.access(entry.room, user).catch((err: unknown) => {
        if (err instanceof AppError && (err.code === 'forbidden' || err.code === 'not_found'))
          return null;
        throw err;
      });
      if (!access) continue;
      const { room } = access;
      const changed = entry.lastRev !== undefined && room.lastRev > entry.lastRev;
      if (room.lastSeq <= entry.lastSeq && !changed) continue;
      if (budget === 0) {
        hasMore = true;
        break;
      }
      if (changed) {
        const page = await this.store.changedSince(room.id, entry.lastRev!, entry.lastSeq, budget);
        messages.push(...this.visible(page.messages, user));
        budget -= page.messages.length;
        hasMore ||= page.hasMore;
        if (page.hasMore) continue;
      }
      if (room.lastSeq <= entry.lastSeq || budget === 0) {
        hasMore ||= room.lastSeq > entry.lastSeq;
        continue;
      }
      const page = await this.store.since(room.id, entry.lastSeq, budget);
      messages.push(...this.visible(page.messages, user));
      budget -= page.messages.length;
      hasMore ||= page.hasMore;
    }
    return { messages, hasMore };
  }

  /** Moves the user's read mark forward (never back); announces the receipt and their unread count. */
  async markRead(raw: string, seq: number, user: UserLike): Promise<MarkReadData> {
    const { room } = await this.access(raw, user);
    if (!(await this.store.isMember(room.id, user.id))) {
      throw new AppError('conflict', `join ${room.id} before marking it read`);
    }
    const stored = await this.store.markRead(room.id, user.id, Math.min(seq, room.lastSeq));
    const ref = { id: user.id, name: user.name };
    this.events.publish({
      type: 'room.read',
      room: room.id,
      kind: room.kind,
      user: ref,
      seq: stored,
    });
    this.events.publish({
      type: 'unread.changed',
      room: room.id,
      counts: [{ user: user.id, count: Math.max(0, room.lastSeq - stored) }],
    });
    return { room: room.id, seq: stored };
  }

  /** Creates a group room owned by `user`; members must be the creator's friends. */
  async createGroup(user: UserLike, name: string, members: string[] = []): Promise<RoomSummary> {
    const friends = new Set(await this.store.friendsOf(user.id));
    const strangers = members.filter((m) => m !== user.id && !friends.has(m));
    if (strangers.length > 0)
      throw forbidden(`only friends can be added to a group: ${strangers.join(', ')}`);
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

  /** The user's rooms with unread counts; DMs carry the peer. */
  async roomsOf(userId: string): Promise<RoomSummary[]> {
    const memberships = await this.store.roomsOf(userId);
    const peers = memberships
      .filter((m) => m.kind === 'dm')
      .map((m) =>
        m.id
          .split(':')
          .slice(1)
          .find((id) => id !== userId)!,
      );
    const users = new Map((await this.store.getUsers(peers)).map((u) => [u.id, u]));
    const friends = new Set(await this.store.friendsOf(userId));
    const summaries: RoomSummary[] = [];
    for (const m of memberships) {
      const peerId =
        m.kind === 'dm'
          ? m.id
              .split(':')
              .slice(1)
              .find((id) => id !== userId)
          : undefined;
      if (peerId && !friends.has(peerId)) continue;
      const last =
        m.lastSeq > 0 ? (await this.store.history(m.id, undefined, 1)).messages[0] : undefined;
      const peer = peerId ? (users.get(peerId) ?? { id: peerId, name: peerId }) : undefined;
      summaries.push({
        id: m.id,
        kind: m.kind,
        name: peer ? peer.name : m.name,
        lastSeq: m.lastSeq,
        readSeq: m.readSeq,
        unread: Math.max(0, m.lastSeq - m.readSeq),
        memberCount: await this.store.memberCount(m.id),
        ...(peer ? { peer, peerReadSeq: await this.store.readSeq(m.id, peer.id) } : {}),
        ...(last ? { lastMessage: last } : {}),
      });
    }
    return summaries;
  }

  /** Readers of a DM or group other than the sender, with their unread counts after `seq`. */
  async unreadFor(room: RoomId, seq: number, senderId: string): Promise<Map<string, number>> {
    const members = (await this.store.members(room)).filter((m) => m !== senderId);
    const reads = await this.store.readSeqs(room, members);
    return new Map(members.map((m) => [m, Math.max(0, seq - (reads.get(m) ?? 0))]));
  }
}

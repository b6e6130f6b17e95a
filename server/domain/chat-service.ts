import { systemClock, type Clock } from '../clock.js';
import type {
  JoinChatData,
  MarkReadData,
  Message,
  MessagesPage,
  ReplyRef,
  RoomId,
  Sender,
  SyncPayload,
} from '../../protocol/wire.js';
import type { UserLimits } from '../limits/user-limits.js';
import type { AppendResult, RoomRecord, Store } from '../store/types.js';
import { AppError, forbidden, notFound } from '../errors.js';
import type { EventPublisher } from './events.js';
import type { Identity } from './identity.js';
import { dmRoomId, extractCashtags, extractMentions, parseRoom, type ParsedRoom } from './rooms.js';
import type { ModerationState } from './moderation/moderation-state.js';
import { canModerateRoom } from './moderation/roles.js';
import type { SendGuard } from './moderation/send-guard.js';
import { markMine } from './reaction-marks.js';
import { checkText } from './validation.js';
import { roomKindOf } from '../../protocol/rooms.js';
import { withAvatar, withAvatars } from './avatars.js';
import { RoomDirectory } from './room-directory.js';
import { sameSender, userAuthor, type SenderRef } from './senders.js';

export type UserLike = Pick<Identity, 'id' | 'name'> & { roles?: string[]; avatar?: string };

/** The moderation parts the chat rules consult on every send and read. */
export interface ChatModeration {
  state: ModerationState;
  guard: SendGuard;
}

const EMPTY_PAGE: MessagesPage = { messages: [], hasMore: false };
const NO_ONE: ReadonlySet<string> = new Set();

/**
 * Rooms, permissions and messages: the rules both the socket handlers and the
 * REST routes go through. Permission, not a prior join, decides who may read or post.
 * Every write is announced through `events` once it is stored.
 */
export class ChatService {
  /** The user's room list and group creation. */
  readonly rooms: RoomDirectory;

  constructor(
    private readonly store: Store,
    private readonly maxMessageLength: number,
    private readonly moderation: ChatModeration,
    private readonly events: EventPublisher,
    private readonly limits?: UserLimits,
    private readonly clock: Clock = systemClock,
  ) {
    const { state } = moderation;
    const blocks = (blocker: string, blocked: string) => state.blockedBy(blocker).has(blocked);
    this.rooms = new RoomDirectory(store, events, blocks, limits);
  }

  /**
   * Whether either user blocks the other: a block closes every channel between the
   * two (DMs, friend requests, groups), whichever side set it.
   */
  eitherBlocks(a: string, b: string): boolean {
    return this.moderation.state.eitherBlocks(a, b);
  }

  /**
   * Resolves a room id for a user, enforcing who may use it. Ticker rooms are
   * created on first use (a join or a send); group rooms must exist and list the
   * user; DMs need a friendship.
   */
  async access(raw: string, user: UserLike): Promise<{ parsed: ParsedRoom; room: RoomRecord }> {
    const found = await this.find(raw, user, true);
    return found as { parsed: ParsedRoom; room: RoomRecord };
  }

  /**
   * Like `access`, for reads: a ticker room nobody has used yet is `room: null`
   * and nothing is written, so reads cannot be used to fill the store with rooms.
   */
  async find(
    raw: string,
    user: UserLike,
    create = false,
  ): Promise<{ parsed: ParsedRoom; room: RoomRecord | null }> {
    const parsed = parseRoom(raw);
    if (parsed.kind === 'ticker') {
      // Read first: the hot path should not start a write just to find the room exists.
      const existing = await this.store.getRoom(parsed.id);
      if (existing || !create) return { parsed, room: existing };
      const { created, ...room } = await this.store.ensureRoom({
        id: parsed.id,
        kind: 'ticker',
        name: parsed.id,
      });
      if (created) this.announceRoom(room);
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
    const { created, ...room } = await this.store.ensureRoom({ id, kind: 'dm', name: id });
    await this.store.addMembers(id, [a, b]);
    if (created) this.announceRoom(room);
    return room;
  }

  private announceRoom(room: RoomRecord): void {
    this.events.publish({
      type: 'room.created',
      room: { id: room.id, kind: room.kind, name: room.name },
    });
  }

  /** Joins (a ticker room becomes the user's); `online` is the realtime layer's to add. */
  async join(raw: string, user: UserLike): Promise<Omit<JoinChatData, 'online'>> {
    await this.limits?.joins.consume(user.id);
    const parsed = parseRoom(raw);
    const cap = this.limits?.config.tickerRooms ?? 0;
    if (parsed.kind === 'ticker' && cap > 0 && !(await this.store.isMember(parsed.id, user.id))) {
      // Checked before the room is created: a refused join writes nothing.
      if ((await this.store.membershipCount(user.id, 'ticker')) >= cap)
        throw new AppError(
          'rate_limited',
          `you follow ${cap} ticker rooms, the most allowed; leave one (leave_chat) first`,
        );
    }
    const { room } = await this.access(raw, user);
    if (room.kind === 'ticker') await this.store.addMembers(room.id, [user.id]);
    const [readSeq, memberCount, muted] = await Promise.all([
      this.store.readSeq(room.id, user.id),
      this.store.memberCount(room.id),
      this.store.people.mutedAmong(user.id, [room.id]),
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
      muted: muted.has(room.id),
    };
  }

  /**
   * Drops the user's membership of a ticker room (its slot counts toward
   * LIMIT_TICKER_ROOMS): it leaves their room list, and every socket of theirs
   * leaves the room (`room.left`). Leaving a room one is not in changes nothing.
   */
  async leaveTicker(id: RoomId, user: UserLike): Promise<void> {
    if (!(await this.store.isMember(id, user.id))) return;
    await this.store.removeMember(id, user.id);
    this.events.publish({ type: 'room.left', room: id, user: user.id });
  }

  /**
   * Stores a message after the moderation checks and announces it
   * (`message.created`), then, off the sender's path, the DM or group readers' new
   * unread counts. A retry of a stored `clientId` answers the original even when a
   * check would now refuse, and announces nothing. `exempt` (server-side senders)
   * skips the automatic rules.
   */
  async send(
    input: { room: string; text: string; clientId: string; replyTo?: number },
    user: UserLike,
    options: { exempt?: boolean } = {},
  ): Promise<AppendResult> {
    await this.limits?.messages.consume(user.id);
    const checked = checkText(input.text, this.maxMessageLength);
    const { room } = await this.access(input.room, user);
    // Before the guard, so a reply to nothing is refused without using up a slow-mode turn.
    const replyTo = input.replyTo ? await this.quote(room, input.replyTo) : undefined;
    const { guard } = this.moderation;
    const cashtags = extractCashtags(checked);
    let text: string;
    try {
      text = await guard.check(user, room, checked, cashtags.length, options);
    } catch (err) {
      const original = await this.findSent(room.id, { id: user.id, kind: 'user' }, input.clientId);
      if (original) return { message: original, created: false };
      throw err;
    }
    // The guard may mask words; only then are the cashtags read again.
    const tags = text === checked ? cashtags : extractCashtags(text);
    return this.append(
      room,
      input.clientId,
      text,
      tags,
      {
        id: user.id,
        name: user.name,
        kind: 'user',
        ...(user.avatar ? { avatar: user.avatar } : {}),
      },
      replyTo,
    );
  }

  /**
   * A message from the host platform's backend (a bot or the system), on the same
   * path as a user's: same seq, idempotency and announcement. No membership is
   * needed and the automatic rules do not apply; a ticker room is created on first
   * use, any other room must exist.
   */
  async post(
    input: { room: string; text: string; clientId: string },
    sender: Sender,
  ): Promise<AppendResult> {
    const text = checkText(input.text, this.maxMessageLength);
    const room = await this.serverRoom(input.room);
    return this.append(room, input.clientId, text, extractCashtags(text), sender);
  }

  /** Resolves a room for the server API, which may use any room that exists (and any ticker). */
  async serverRoom(raw: string): Promise<RoomRecord> {
    const parsed = parseRoom(raw);
    if (parsed.kind === 'ticker') return (await this.access(parsed.id, { id: '', name: '' })).room;
    const room = await this.store.getRoom(parsed.id);
    if (!room) throw notFound(`room ${parsed.id} does not exist`);
    return room;
  }

  /**
   * The message `sender` stored in `room` with `clientId`, if any. Kind and id both
   * match: a user's clientId never answers a bot's message, nor the other way round.
   */
  async findSent(room: RoomId, sender: SenderRef, clientId: string): Promise<Message | null> {
    const found = await this.store.findMessage(room, sender.id, clientId);
    return found && sameSender(found.sender, sender) ? found : null;
  }

  /** Stores and announces (`message.created`, then off the path the readers' unread counts). */
  private async append(
    room: RoomRecord,
    clientId: string,
    text: string,
    cashtags: string[],
    sender: Sender,
    replyTo?: ReplyRef,
  ): Promise<AppendResult> {
    const result = await this.store.appendMessage({
      room: room.id,
      clientId,
      sender,
      text,
      cashtags,
      mentions: extractMentions(text),
      ...(replyTo ? { replyTo } : {}),
      createdAt: new Date(this.clock.now()),
    });
    // The store keys a retry on (room, sender id, clientId); a user and a bot of one id share that key.
    if (!result.created && !sameSender(result.message.sender, sender))
      throw new AppError(
        'conflict',
        `clientId ${clientId} is taken in ${room.id} by another sender; send a new clientId`,
      );
    if (!result.created) return result;
    this.moderation.guard.accepted(result.message);
    const message = withAvatar(result.message, sender.avatar);
    this.events.publish({ type: 'message.created', message });
    if (message.mentions.length > 0) {
      this.events.publishLater('mention push', async () => {
        const users = await this.mentionTargets(message);
        return users.length > 0 ? { type: 'message.mentioned', message, users } : null;
      });
    }
    if (room.kind !== 'ticker') {
      this.events.publishLater('unread push', async () => {
        const counts = await this.unreadFor(message.room, message.seq, message.sender);
        return {
          type: 'unread.changed',
          room: message.room,
          counts: [...counts].map(([id, count]) => ({ user: id, count })),
        };
      });
    }
    return { ...result, message };
  }

  /** What one reader gets of a page: no messages of users they block, their own reactions marked. */
  private readable(room: RoomId, messages: Message[], user: UserLike): Promise<Message[]> {
    return markMine(this.store, room, this.visible(messages, user), user.id);
  }

  /** Leaves out messages of users the reader blocks. */
  private visible(messages: Message[], user: UserLike): Message[] {
    const blocked = this.moderation.state.blockedBy(user.id);
    if (blocked.size === 0) return messages;
    // Blocks are between users: a server sender's messages stay, whatever its id.
    return messages.filter((m) => !blocked.has(userAuthor(m.sender) ?? ''));
  }

  /** The quote a reply to message `seq` of `room` carries; `not_found` when there is none. */
  private async quote(room: RoomRecord, seq: number): Promise<ReplyRef> {
    const original = seq <= room.lastSeq ? await this.store.getMessage(room.id, seq) : null;
    if (!original || original.deletedAt)
      throw notFound(`message ${seq} of ${room.id} does not exist`);
    const excerpt = original.text.length > 140 ? `${original.text.slice(0, 139)}…` : original.text;
    return { seq, sender: { id: original.sender.id, name: original.sender.name }, excerpt };
  }

  /**
   * Who gets a `mention` event for a new message: the mentioned users other than the
   * sender who may read the room (anyone for a ticker room, members otherwise) and
   * who do not block the sender.
   */
  async mentionTargets(message: Message): Promise<string[]> {
    const author = userAuthor(message.sender);
    const blockers = author === null ? NO_ONE : this.moderation.state.blockersOf(author);
    const ids = message.mentions.filter((id) => id !== author && !blockers.has(id));
    if (ids.length === 0 || roomKindOf(message.room) === 'ticker') return ids;
    const members = new Set(await this.store.members(message.room));
    return ids.filter((id) => members.has(id));
  }

  async history(
    raw: string,
    user: UserLike,
    beforeSeq?: number,
    limit = 50,
  ): Promise<MessagesPage> {
    await this.limits?.history.consume(user.id);
    const { room } = await this.find(raw, user);
    if (!room) return EMPTY_PAGE;
    const page = await this.store.history(room.id, beforeSeq, limit);
    const messages = await withAvatars(this.store, this.visible(page.messages, user));
    return { ...page, messages: await markMine(this.store, room.id, messages, user.id) };
  }

  /**
   * Everything after each room's `lastSeq`, oldest first per room, at most `limit` in all;
   * with `lastRev`, first the messages up to `lastSeq` changed after it (by rev).
   * A malformed room id fails the call; a room the user may no longer read (a DM
   * after an unfriending, a group they left) is passed over, so one lost room
   * cannot stop a reconnecting client from catching up on the others.
   */
  async sync(payload: SyncPayload, user: UserLike): Promise<MessagesPage> {
    await this.limits?.sync.consume(user.id);
    payload.rooms.forEach((entry) => parseRoom(entry.room));
    let budget = payload.limit ?? 200;
    const messages: Message[] = [];
    let hasMore = false;
    for (const entry of payload.rooms) {
      const access = await this.find(entry.room, user).catch((err: unknown) => {
        if (err instanceof AppError && (err.code === 'forbidden' || err.code === 'not_found'))
          return null;
        throw err;
      });
      const room = access?.room;
      if (!room) continue;
      const changed = entry.lastRev !== undefined && room.lastRev > entry.lastRev;
      if (room.lastSeq <= entry.lastSeq && !changed) continue;
      if (budget === 0) {
        hasMore = true;
        break;
      }
      if (changed) {
        const page = await this.store.changedSince(room.id, entry.lastRev!, entry.lastSeq, budget);
        messages.push(...(await this.readable(room.id, page.messages, user)));
        budget -= page.messages.length;
        hasMore ||= page.hasMore;
        if (page.hasMore) continue;
      }
      if (room.lastSeq <= entry.lastSeq || budget === 0) {
        hasMore ||= room.lastSeq > entry.lastSeq;
        continue;
      }
      const page = await this.store.since(room.id, entry.lastSeq, budget);
      messages.push(...(await this.readable(room.id, page.messages, user)));
      budget -= page.messages.length;
      hasMore ||= page.hasMore;
    }
    return { messages: await withAvatars(this.store, messages), hasMore };
  }

  /** Moves the user's read mark forward (never back); announces the receipt and their unread count. */
  async markRead(raw: string, seq: number, user: UserLike): Promise<MarkReadData> {
    await this.limits?.markRead.consume(user.id);
    const { parsed, room } = await this.find(raw, user);
    if (!room || !(await this.store.isMember(room.id, user.id))) {
      throw new AppError('conflict', `join ${parsed.id} before marking it read`);
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

  /**
   * Readers of a DM or group other than the sender, with their unread counts after
   * `seq`. A server sender's namesake user is a reader like any other.
   */
  async unreadFor(room: RoomId, seq: number, sender: SenderRef): Promise<Map<string, number>> {
    // Users who block the sender are not told of the message, not even as a count.
    const author = userAuthor(sender);
    const blockers = author === null ? NO_ONE : this.moderation.state.blockersOf(author);
    const members = (await this.store.members(room)).filter(
      (m) => m !== author && !blockers.has(m),
    );
    const reads = await this.store.readSeqs(room, members);
    return new Map(members.map((m) => [m, Math.max(0, seq - (reads.get(m) ?? 0))]));
  }
}

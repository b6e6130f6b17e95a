import type { DomainEvent } from '../domain/events.js';
import { userAuthor } from '../domain/senders.js';
import type { Message, RoomCountsEvent, TypingEvent } from '../../protocol/wire.js';
import type { AdminServerToClientEvents } from '../../protocol/admin.js';
import { adminNamespace, userRoom, type ChatServer, type ChatSocket } from './types.js';

/**
 * The one place that pushes to sockets: it turns each domain event into the
 * Socket.IO events the protocol promises, addressed to socket rooms (through the
 * cluster adapter when scaled out). Nothing else calls `to(...).emit`; a direct
 * reply to the socket that asked (`pong`, `session`) is the only other emit.
 */
export class SocketFanout {
  constructor(
    private readonly io: ChatServer,
    /** The users who block `userId`: left out of the fan-out of that user's messages. */
    private readonly blockersOf: (userId: string) => ReadonlySet<string> = () => new Set(),
  ) {}

  /** Delivers one domain event to every socket that should hear of it. */
  handle(event: DomainEvent): void {
    const { io } = this;
    switch (event.type) {
      case 'message.created':
        this.roomAudience(event.message).emit('new_message', event.message);
        return;
      case 'message.mentioned':
        // To every socket of each mentioned user, whatever room they are viewing.
        for (const user of event.users)
          io.to(userRoom(user)).emit('mention', {
            room: event.message.room,
            message: event.message,
          });
        return;
      case 'message.updated': {
        const { reactor } = event;
        if (!reactor) {
          this.roomAudience(event.message).emit('message_updated', event.message);
          return;
        }
        // The reactor's own tabs get their `mine` marks; everyone else the plain counts.
        this.roomAudience(event.message)
          .except(userRoom(reactor.user))
          .emit('message_updated', event.message);
        io.to(userRoom(reactor.user)).emit('message_updated', reactor.message);
        return;
      }
      case 'room.updated':
        io.to(event.settings.room).emit('room_updated', event.settings);
        return;
      case 'user.muted':
        io.to(userRoom(event.userId)).emit('muted', event.notice);
        return;
      case 'user.banned':
        io.in(userRoom(event.userId)).disconnectSockets(true);
        return;
      case 'room.read':
        // Receipts are for DMs and groups; a ticker room's readers are strangers.
        if (event.kind !== 'ticker')
          this.except(io.to(event.room), event.user.id).emit('read', {
            room: event.room,
            user: event.user,
            seq: event.seq,
          });
        return;
      case 'unread.changed':
        for (const { user, count } of event.counts)
          io.to(userRoom(user)).emit('unread', { room: event.room, count });
        return;
      case 'room.added':
        for (const member of event.members) io.to(userRoom(member)).emit('room_added', event.room);
        return;
      case 'room.created':
        // For webhooks and the console's counters; no socket hears of it.
        return;
      case 'report.created': {
        // Every open console's reports queue updates live (readers may see reports).
        const { id, room, seq, reason, createdAt } = event.report;
        this.toConsoles('report', { id, room, seq, reason, createdAt });
        return;
      }
      case 'friend.requested':
        // FriendsService refuses a request across a block; this holds while another node's block is on its way.
        this.except(io.to(userRoom(event.request.to.id)), event.request.from.id).emit(
          'friend_request',
          event.request,
        );
        return;
      case 'friend.accepted':
      case 'friend.removed': {
        const kind = event.type === 'friend.accepted' ? 'accepted' : 'removed';
        const [a, b] = event.users;
        for (const [who, friend] of [
          [a, b],
          [b, a],
        ] as const) {
          // A closed DM stops at once: its sockets leave the room before they hear why.
          if (kind === 'removed') io.in(userRoom(who.id)).socketsLeave(event.room);
          io.to(userRoom(who.id)).emit('friend_update', { kind, friend, room: event.room });
        }
        return;
      }
      case 'presence.changed': {
        const { user, status, lastSeen } = event;
        // A friend who blocks the user does not follow them coming and going.
        const blockers = this.blockersOf(user.id);
        for (const friend of event.friends)
          if (!blockers.has(friend))
            io.to(userRoom(friend)).emit('presence', { user, status, lastSeen });
        return;
      }
      case 'quote.updated':
        // Volatile: a quote a slow socket misses is replaced by the next one anyway.
        io.to(`$${event.quote.symbol}`).volatile.emit('quote', event.quote);
        return;
      case 'notice.posted':
        if (event.notice.room) io.to(event.notice.room).emit('notice', event.notice);
        else io.emit('notice', event.notice);
        return;
      case 'admin.action':
        this.toConsoles('action', event.action);
        return;
      case 'room.left':
        // Every tab stops at once: the sockets leave the room before they hear why.
        io.in(userRoom(event.user)).socketsLeave(event.room);
        io.to(userRoom(event.user)).emit('room_left', { room: event.room });
        return;
      case 'room.muted':
        io.to(userRoom(event.user)).emit('room_muted', { room: event.room, muted: event.muted });
        return;
      case 'friend.request_closed': {
        const { request, reason } = event;
        // A request cancelled after its recipient blocked the sender reaches the sender only.
        const to = this.blockersOf(request.from.id).has(request.to.id)
          ? [userRoom(request.from.id)]
          : [userRoom(request.from.id), userRoom(request.to.id)];
        io.to(to).emit('friend_request_closed', { request, reason });
        return;
      }
      default:
        return assertNever(event);
    }
  }

  /**
   * The room's broadcast for one message, leaving out the users who block its
   * sender: still one emit per message, not one per recipient.
   */
  private roomAudience(message: Message) {
    // Blocks are between users: a server sender's messages reach everyone.
    const author = userAuthor(message.sender);
    return author === null
      ? this.io.to(message.room)
      : this.except(this.io.to(message.room), author);
  }

  /**
   * A broadcast without the sockets of the users who block `userId`: a block stops
   * everything from the blocked user (messages, typing, read receipts), in one emit.
   */
  private except<T extends { except(room: string[]): T }>(target: T, userId: string): T {
    const blockers = this.blockersOf(userId);
    return blockers.size ? target.except([...blockers].map(userRoom)) : target;
  }

  /**
   * Typing is ephemeral: volatile, to the room's other sockets but those of users
   * who block the typist, never stored or announced.
   */
  typing(socket: ChatSocket, event: TypingEvent): void {
    this.except(socket.volatile.to(event.room), event.user.id).emit('typing', event);
  }

  /**
   * A ticker room's counts, to this node's subscribers only: every node holds the
   * cluster-wide totals (room-counts.ts) and tells its own sockets, so none hears it twice.
   */
  roomCounts(event: RoomCountsEvent): void {
    this.io.local.to(event.room).emit('room_counts', event);
  }

  /** Tells this node's sockets (not the cluster's) that it is shutting down and they should reconnect. */
  shuttingDown(): void {
    this.io.local.emit('server_shutdown', {
      reason: 'shutdown',
      message: 'the server is restarting; reconnecting',
    });
  }

  /** Pushes to every open admin console. */
  toConsoles<E extends keyof AdminServerToClientEvents>(
    event: E,
    ...args: Parameters<AdminServerToClientEvents[E]>
  ): void {
    adminNamespace(this.io).emit(event, ...args);
  }
}

function assertNever(event: never): never {
  throw new Error(`no fan-out for domain event ${JSON.stringify(event)}`);
}

import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ChatService } from '../domain/chat-service.js';
import { AppError } from '../domain/errors.js';
import { parseRoom } from '../domain/rooms.js';
import { schemas } from '../domain/validation.js';
import type { Message } from '../protocol.js';
import type { MessageActions } from '../domain/moderation/message-actions.js';
import type { ModerationService } from '../domain/moderation/moderation-service.js';
import type { ModerationState } from '../domain/moderation/moderation-state.js';
import { acked, type HandlerContext } from './handle.js';
import { roomAudience } from './moderation-fanout.js';
import { userRoom, type ChatServer, type ChatSocket } from './types.js';

export interface ChatHandlerDeps extends HandlerContext {
  io: ChatServer;
  chat: ChatService;
  moderation: ModerationService;
  messages: MessageActions;
  state: ModerationState;
  /** Per-user message limiter; null when rate limiting is off. */
  limiter: RateLimiterAbstract | null;
  onMessage?: (message: Message) => void;
  onRoomEvent?: (room: string, kind: 'join' | 'leave', user: { id: string; name: string }) => void;
}

/** Registers the room and message events; returns a per-server function to call on each connection. */
export function chatHandlers(deps: ChatHandlerDeps) {
  const { io, chat, limiter } = deps;

  const consume = async (userId: string) => {
    if (!limiter) return;
    try {
      await limiter.consume(userId);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw new AppError(
          'rate_limited',
          `too many messages; retry in ${Math.ceil(err.msBeforeNext / 1000)} s`,
        );
      }
      deps.log.error({ err }, 'rate limiter unavailable');
      throw new AppError('unavailable', 'rate limiter unavailable, try again');
    }
  };

  /** After a message is stored: fan it out, and tell DM/group readers their unread count. */
  const publish = (message: Message) => {
    roomAudience(io, deps.state, message).emit('new_message', message);
    deps.metrics.messagesTotal.inc();
    deps.onMessage?.(message);
    if (message.room.startsWith('$')) return;
    chat
      .unreadFor(message.room, message.seq, message.sender.id)
      .then((counts) => {
        for (const [user, count] of counts)
          io.to(userRoom(user)).emit('unread', { room: message.room, count });
      })
      .catch((err: unknown) => deps.log.warn({ err }, 'unread push failed'));
  };

  return (socket: ChatSocket) => {
    const user = socket.data.user;

    socket.on(
      'join_chat',
      acked(deps, 'join_chat', schemas.join_chat, async ({ room }) => {
        const data = await chat.join(room, user);
        await socket.join(data.room);
        deps.onRoomEvent?.(data.room, 'join', user);
        return data;
      }),
    );

    socket.on(
      'leave_chat',
      acked(deps, 'leave_chat', schemas.leave_chat, async ({ room }) => {
        // Leaving needs no permission: a user whose DM just closed may still unsubscribe.
        const parsed = parseRoom(room);
        await socket.leave(parsed.id);
        deps.onRoomEvent?.(parsed.id, 'leave', user);
        return { room: parsed.id };
      }),
    );

    socket.on(
      'send_message',
      acked(deps, 'send_message', schemas.send_message, async (payload) => {
        await consume(user.id);
        const { message, created } = await chat.send(payload, user);
        if (created) publish(message);
        return { message };
      }),
    );

    socket.on(
      'history',
      acked(deps, 'history', schemas.history, ({ room, beforeSeq, limit }) =>
        chat.history(room, user, beforeSeq, limit),
      ),
    );

    socket.on(
      'sync',
      acked(deps, 'sync', schemas.sync, (payload) => chat.sync(payload, user)),
    );

    socket.on(
      'edit_message',
      acked(deps, 'edit_message', schemas.edit_message, async (payload) => ({
        message: await deps.messages.edit(payload, user),
      })),
    );

    socket.on(
      'delete_message',
      acked(deps, 'delete_message', schemas.delete_message, async (payload) => ({
        message: await deps.messages.remove(payload, user),
      })),
    );

    socket.on(
      'report_message',
      acked(deps, 'report_message', schemas.report_message, (payload) =>
        deps.moderation.report(payload, user),
      ),
    );

    socket.on(
      'block_user',
      acked(deps, 'block_user', schemas.block_user, ({ userId }) =>
        deps.moderation.block(user, userId),
      ),
    );

    socket.on(
      'unblock_user',
      acked(deps, 'unblock_user', schemas.unblock_user, ({ userId }) =>
        deps.moderation.unblock(user, userId),
      ),
    );

    socket.on(
      'mark_read',
      acked(deps, 'mark_read', schemas.mark_read, async ({ room, seq }) => {
        const read = await chat.markRead(room, seq, user);
        const ref = { id: user.id, name: user.name };
        if (read.kind !== 'ticker')
          io.to(read.room).emit('read', { room: read.room, user: ref, seq: read.seq });
        io.to(userRoom(user.id)).emit('unread', {
          room: read.room,
          count: Math.max(0, read.lastSeq - read.seq),
        });
        return { room: read.room, seq: read.seq };
      }),
    );
  };
}

import type { ChatService } from '../domain/chat-service.js';
import { parseRoom } from '../domain/rooms.js';
import type { UserLimits } from '../limits/user-limits.js';
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
  /** Per-user limits (messages, joins, reads). */
  limits: UserLimits;
  onMessage?: (message: Message) => void;
  onRoomEvent?: (room: string, kind: 'join' | 'leave', user: { id: string; name: string }) => void;
}

/** Registers the room and message events; returns a per-server function to call on each connection. */
export function chatHandlers(deps: ChatHandlerDeps) {
  const { io, chat, limits } = deps;

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
        await limits.joins.consume(user.id);
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
        // Leaving a ticker room frees one of the user's ticker-room slots.
        if (parsed.kind === 'ticker') await chat.leaveTicker(parsed.id, user);
        deps.onRoomEvent?.(parsed.id, 'leave', user);
        return { room: parsed.id };
      }),
    );

    socket.on(
      'send_message',
      acked(deps, 'send_message', schemas.send_message, async (payload) => {
        await limits.messages.consume(user.id);
        const { message, created } = await chat.send(payload, user);
        if (created) publish(message);
        return { message };
      }),
    );

    socket.on(
      'history',
      acked(deps, 'history', schemas.history, async ({ room, beforeSeq, limit }) => {
        await limits.history.consume(user.id);
        return chat.history(room, user, beforeSeq, limit);
      }),
    );

    socket.on(
      'sync',
      acked(deps, 'sync', schemas.sync, async (payload) => {
        await limits.sync.consume(user.id);
        return chat.sync(payload, user);
      }),
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
        await limits.markRead.consume(user.id);
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

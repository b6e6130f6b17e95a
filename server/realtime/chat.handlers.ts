import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ChatService } from '../domain/chat-service.js';
import { AppError } from '../domain/errors.js';
import { parseRoom } from '../domain/rooms.js';
import { schemas } from '../domain/validation.js';
import type { ClientToServerEvents } from '../protocol.js';
import type { MessageActions } from '../domain/moderation/message-actions.js';
import type { ModerationService } from '../domain/moderation/moderation-service.js';
import type { ModerationState } from '../domain/moderation/moderation-state.js';
import { ackedFor, type HandlerContext } from './handle.js';
import type { ChatSocket } from './types.js';

export interface ChatHandlerDeps extends HandlerContext {
  chat: ChatService;
  moderation: ModerationService;
  messages: MessageActions;
  state: ModerationState;
  /** Per-user message limiter; null when rate limiting is off. */
  limiter: RateLimiterAbstract | null;
  onRoomEvent?: (room: string, kind: 'join' | 'leave', user: { id: string; name: string }) => void;
}

/**
 * Registers the room and message events; returns a per-server function to call
 * on each connection. Handlers call domain services only: what a write changes
 * reaches other sockets through the domain events (see fanout.ts).
 */
export function chatHandlers(deps: ChatHandlerDeps) {
  const { chat, limiter } = deps;
  const acked = ackedFor<ClientToServerEvents>(deps);

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

  return (socket: ChatSocket) => {
    const user = socket.data.user;

    socket.on(
      'join_chat',
      acked('join_chat', schemas.join_chat, async ({ room }) => {
        const data = await chat.join(room, user);
        await socket.join(data.room);
        deps.onRoomEvent?.(data.room, 'join', user);
        return data;
      }),
    );

    socket.on(
      'leave_chat',
      acked('leave_chat', schemas.leave_chat, async ({ room }) => {
        // Leaving needs no permission: a user whose DM just closed may still unsubscribe.
        const parsed = parseRoom(room);
        await socket.leave(parsed.id);
        deps.onRoomEvent?.(parsed.id, 'leave', user);
        return { room: parsed.id };
      }),
    );

    socket.on(
      'send_message',
      acked('send_message', schemas.send_message, async (payload) => {
        await consume(user.id);
        const { message } = await chat.send(payload, user);
        return { message };
      }),
    );

    socket.on(
      'history',
      acked('history', schemas.history, ({ room, beforeSeq, limit }) =>
        chat.history(room, user, beforeSeq, limit),
      ),
    );

    socket.on(
      'sync',
      acked('sync', schemas.sync, (payload) => chat.sync(payload, user)),
    );

    socket.on(
      'edit_message',
      acked('edit_message', schemas.edit_message, async (payload) => ({
        message: await deps.messages.edit(payload, user),
      })),
    );

    socket.on(
      'delete_message',
      acked('delete_message', schemas.delete_message, async (payload) => ({
        message: await deps.messages.remove(payload, user),
      })),
    );

    socket.on(
      'report_message',
      acked('report_message', schemas.report_message, (payload) =>
        deps.moderation.report(payload, user),
      ),
    );

    socket.on(
      'block_user',
      acked('block_user', schemas.block_user, ({ userId }) => deps.moderation.block(user, userId)),
    );

    socket.on(
      'unblock_user',
      acked('unblock_user', schemas.unblock_user, ({ userId }) =>
        deps.moderation.unblock(user, userId),
      ),
    );

    socket.on(
      'mark_read',
      acked('mark_read', schemas.mark_read, ({ room, seq }) => chat.markRead(room, seq, user)),
    );
  };
}

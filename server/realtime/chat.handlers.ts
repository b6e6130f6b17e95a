import type { ChatService } from '../domain/chat-service.js';
import { parseRoom } from '../domain/rooms.js';
import { schemas } from '../domain/validation.js';
import type { ClientToServerEvents } from '../../protocol/wire.js';
import type { MessageActions } from '../domain/moderation/message-actions.js';
import type { ReactionService } from '../domain/reactions.js';
import type { ModerationService } from '../domain/moderation/moderation-service.js';
import type { ModerationState } from '../domain/moderation/moderation-state.js';
import { ackedFor, type HandlerContext } from './handle.js';
import type { ChatSocket } from './types.js';

export interface ChatHandlerDeps extends HandlerContext {
  chat: ChatService;
  moderation: ModerationService;
  messages: MessageActions;
  reactions: ReactionService;
  state: ModerationState;
  onRoomEvent?: (room: string, kind: 'join' | 'leave', user: { id: string; name: string }) => void;
  onJoined?: (socket: ChatSocket, room: string) => void;
  /** Members of a ticker room subscribed now, cluster-wide (room-counts.ts). */
  onlineIn?: (room: string) => number;
}

/**
 * Registers the room and message events; returns a per-server function to call
 * on each connection. Handlers call domain services only: what a write changes
 * reaches other sockets through the domain events (see fanout.ts).
 */
export function chatHandlers(deps: ChatHandlerDeps) {
  const { chat } = deps;
  const acked = ackedFor<ClientToServerEvents>(deps);

  return (socket: ChatSocket) => {
    const user = socket.data.user;

    socket.on(
      'join_chat',
      acked('join_chat', schemas.join_chat, async ({ room }) => {
        const joined = await chat.join(room, user);
        await socket.join(joined.room);
        deps.onRoomEvent?.(joined.room, 'join', user);
        // Next turn, after the ack: the client hears of the join before the room's quote.
        setImmediate(() => deps.onJoined?.(socket, joined.room));
        // Only ticker rooms are counted; other rooms answer 0.
        return { ...joined, online: deps.onlineIn?.(joined.room) ?? 0 };
      }),
    );

    socket.on(
      'leave_chat',
      acked('leave_chat', schemas.leave_chat, async ({ room }) => {
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
      acked('send_message', schemas.send_message, async (payload) => {
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
      acked('sync', schemas.sync, async (payload) => {
        return chat.sync(payload, user);
      }),
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
      'react',
      acked('react', schemas.react, async (payload) => ({
        message: await deps.reactions.react(payload, user),
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
      'blocked_users',
      acked('blocked_users', schemas.blocked_users, () => deps.moderation.blockedUsers(user)),
    );

    socket.on(
      'mark_read',
      acked('mark_read', schemas.mark_read, async ({ room, seq }) => {
        return chat.markRead(room, seq, user);
      }),
    );
  };
}

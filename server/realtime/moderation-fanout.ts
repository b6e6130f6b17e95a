import type { ModerationEvents } from '../domain/moderation/events.js';
import type { ModerationState } from '../domain/moderation/moderation-state.js';
import type { Message } from '../protocol.js';
import { userRoom, type ChatServer } from './types.js';

/**
 * The room's broadcast for one message, leaving out the users who block its
 * sender: still one emit per message, not one per recipient.
 */
export function roomAudience(io: ChatServer, state: ModerationState, message: Message) {
  const blockers = state.blockersOf(message.sender.id);
  const target = io.to(message.room);
  return blockers.size ? target.except([...blockers].map(userRoom)) : target;
}

/** Moderation's announcements over Socket.IO (cluster-wide through the adapter). */
export function moderationFanout(io: ChatServer, state: ModerationState): ModerationEvents {
  return {
    messageUpdated: (message) => roomAudience(io, state, message).emit('message_updated', message),
    roomUpdated: (event) => io.to(event.room).emit('room_updated', event),
    banned: (userId) => io.in(userRoom(userId)).disconnectSockets(true),
  };
}

import type { Message, RoomSettingsEvent } from '../../protocol.js';

/**
 * What moderation announces to connected clients; the realtime layer implements
 * it (one emit per change, blockers left out of a message's fan-out).
 */
export interface ModerationEvents {
  /** `message_updated` to the room, except the users blocking the sender. */
  messageUpdated(message: Message): void;
  /** `room_updated` to the room. */
  roomUpdated(event: RoomSettingsEvent): void;
  /** Disconnects every socket of the user, on every node, with reason `banned`. */
  banned(userId: string): void;
}

/** The audit log writer: records without making the caller wait, and logs a failure. */
export type AuditWriter = (entry: {
  actor: string;
  action: string;
  target: string;
  reason: string;
}) => Promise<void>;

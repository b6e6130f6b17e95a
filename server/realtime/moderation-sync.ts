import type { ModerationState } from '../domain/moderation/moderation-state.js';
import type { ChatServer } from './types.js';

/**
 * Keeps every node's moderation memory in step: each mute, ban or block made on
 * this node is pushed to the others through the adapter (`moderation:changed`, a
 * server-side event, so it lands within a Redis round trip), and theirs are
 * applied here. A ban is pushed before its `user.banned` disconnect goes out on the
 * same channel, so a banned user who reconnects to another node finds it knows.
 * A push lost in a Redis outage is caught by the periodic reload
 * (MODERATION_REFRESH_MS, chat-services.ts).
 */
export function syncModeration(io: ChatServer, state: ModerationState): void {
  state.onChange((change) => io.serverSideEmit('moderation:changed', change));
  io.on('moderation:changed', (change) => state.apply(change));
}

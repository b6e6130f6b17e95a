/**
 * Helpers for the per-room state: creating it from a summary or a bare id,
 * finding the open room's, naming a room for display, and the JWT claims the widget reads before the
 * server has answered (the user id keys the outbox).
 */
import { roomKindOf } from '../../protocol/rooms.js';
import type { Friend, RoomId, RoomSummary, User } from '../../protocol/wire.js';
import type { ChatView } from './chat-view.js';
import type { RoomState } from './types.js';

/** A placeholder summary for a room known only by id. */
export function bareSummary(room: RoomId, peer?: Friend): RoomSummary {
  return {
    id: room,
    kind: roomKindOf(room),
    name: peer?.name ?? room,
    lastSeq: 0,
    readSeq: 0,
    unread: 0,
    memberCount: 0,
    peer,
  };
}

export function newRoomState(summary: RoomSummary): RoomState {
  return {
    summary,
    messages: [],
    hasMore: false,
    hasNewer: false,
    viewSeq: 0,
    loaded: false,
    loadingOlder: false,
    peerReadSeq: summary.peerReadSeq ?? 0,
    dividerSeq: 0,
    mentions: 0,
    typing: new Map(),
  };
}

/** The state of the room on screen, if one is open. */
export function openRoomState(view: ChatView): RoomState | undefined {
  return view.activeRoom ? view.rooms.get(view.activeRoom) : undefined;
}

/** The name a room is shown by: the peer for a DM, the ticker for a ticker room. */
export function roomLabel(state: RoomState): string {
  const { summary } = state;
  if (summary.kind === 'dm') return summary.peer?.name ?? summary.name;
  if (summary.kind === 'ticker') return summary.id;
  return summary.name || summary.id;
}

/** The user a JWT names, read without verifying it (the server verifies). */
export function userFromToken(token: string): User | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== 'object' || claims === null) return null;
    const { sub, name } = claims as { sub?: unknown; name?: unknown };
    if (typeof sub !== 'string') return null;
    return { id: sub, name: typeof name === 'string' ? name : sub };
  } catch {
    return null;
  }
}

/** Unread counts of the rooms that have any, keyed by room id. */
export function unreadByRoom(rooms: ReadonlyMap<RoomId, RoomState>): Record<RoomId, number> {
  const counts: Record<RoomId, number> = {};
  for (const [id, { summary }] of rooms)
    if (summary.unread > 0 && !summary.muted) counts[id] = summary.unread;
  return counts;
}

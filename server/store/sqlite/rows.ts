import type { Message, Reaction, ReplyRef, RoomKind, SenderKind } from '../../../protocol/wire.js';
import type { FriendRequestRecord, RoomRecord } from '../types.js';

/** Row shapes of the embedded store's tables, and their mapping to the port's records. */
export interface MessageRow {
  room: string;
  seq: number;
  id: string;
  client_id: string;
  sender_id: string;
  sender_name: string;
  sender_kind: SenderKind;
  text: string;
  cashtags: string;
  /** JSON array of user ids. */
  mentions: string;
  /** JSON `ReplyRef`, or null for a message that answers none. */
  reply_to: string | null;
  /** JSON `Reaction[]` (counts only). */
  reactions: string;
  created_at: string;
  rev: number;
  edited_at: string | null;
  deleted_at: string | null;
  deleted_by: 'sender' | 'moderator' | null;
}
export interface UserRow {
  id: string;
  name: string;
  avatar: string | null;
  last_seen: string | null;
}
export interface RoomRow {
  id: string;
  kind: RoomKind;
  name: string;
  created_by: string | null;
  created_at: string;
  last_seq: number;
  last_rev: number;
  last_activity: string | null;
  slow_mode_sec: number;
  read_only: number;
}
export interface RequestRow {
  id: string;
  from_id: string;
  to_id: string;
  status: 'pending' | 'accepted';
  created_at: string;
}

export const toMessage = (r: MessageRow): Message => ({
  id: r.id,
  room: r.room,
  seq: r.seq,
  clientId: r.client_id,
  sender: { id: r.sender_id, name: r.sender_name, kind: r.sender_kind },
  text: r.text,
  createdAt: r.created_at,
  cashtags: JSON.parse(r.cashtags) as string[],
  rev: r.rev,
  ...(r.edited_at ? { editedAt: r.edited_at } : {}),
  ...(r.deleted_at ? { deletedAt: r.deleted_at, deletedBy: r.deleted_by ?? 'sender' } : {}),
  mentions: JSON.parse(r.mentions) as string[],
  reactions: JSON.parse(r.reactions) as Reaction[],
  ...(r.reply_to ? { replyTo: JSON.parse(r.reply_to) as ReplyRef } : {}),
});
export const toRoom = (r: RoomRow): RoomRecord => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastSeq: r.last_seq,
  lastRev: r.last_rev,
  lastActivity: r.last_activity,
  slowModeSec: r.slow_mode_sec,
  readOnly: r.read_only === 1,
});
export const toRequest = (r: RequestRow): FriendRequestRecord => ({
  id: r.id,
  from: r.from_id,
  to: r.to_id,
  status: r.status,
  createdAt: r.created_at,
});

import type { Message, RoomKind, SenderKind } from '../../protocol.js';
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
  created_at: string;
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
  last_activity: string | null;
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
});
export const toRoom = (r: RoomRow): RoomRecord => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastSeq: r.last_seq,
  lastActivity: r.last_activity,
});
export const toRequest = (r: RequestRow): FriendRequestRecord => ({
  id: r.id,
  from: r.from_id,
  to: r.to_id,
  status: r.status,
  createdAt: r.created_at,
});

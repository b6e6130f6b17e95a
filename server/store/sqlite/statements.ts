import type Database from 'better-sqlite3';
import type { MessageRow, RequestRow, RoomRow, UserRow } from './rows.js';

/** Every statement the embedded store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    upsertUser: db.prepare(
      `INSERT INTO users (id, name, avatar, created_at) VALUES (@id, @name, @avatar, @now)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, avatar = excluded.avatar`,
    ),
    // Id lists travel as one JSON parameter: any length, one prepared statement.
    getUsers: db.prepare<[string], UserRow>(
      'SELECT id, name, avatar, last_seen FROM users WHERE id IN (SELECT value FROM json_each(?))',
    ),
    lastSeen: db.prepare('UPDATE users SET last_seen = ? WHERE id = ?'),
    insertRoom: db.prepare(
      `INSERT INTO rooms (id, kind, name, created_by, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO NOTHING`,
    ),
    getRoom: db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?'),
    getUser: db.prepare<[string], { name: string; avatar: string | null }>(
      'SELECT name, avatar FROM users WHERE id = ?',
    ),
    addMember: db.prepare(
      'INSERT INTO members (room, user, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    removeMember: db.prepare('DELETE FROM members WHERE room = ? AND user = ?'),
    isMember: db.prepare<[string, string], { n: number }>(
      'SELECT 1 AS n FROM members WHERE room = ? AND user = ?',
    ),
    memberCount: db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM members WHERE room = ?',
    ),
    members: db.prepare<[string], { user: string }>('SELECT user FROM members WHERE room = ?'),
    roomsOf: db.prepare<[string], RoomRow & { read_seq: number }>(
      `SELECT r.*, m.read_seq FROM members m JOIN rooms r ON r.id = m.room WHERE m.user = ?
       ORDER BY coalesce(r.last_activity, r.created_at) DESC`,
    ),
    // Keyset paging on (activity, id): the page after a cursor, never an OFFSET scan.
    roomsPage: db.prepare<
      { user: string; at: string | null; id: string | null; limit: number },
      RoomRow & { read_seq: number; act: string }
    >(
      `SELECT r.*, m.read_seq, coalesce(r.last_activity, r.created_at) AS act
       FROM members m JOIN rooms r ON r.id = m.room WHERE m.user = @user
       AND (@at IS NULL OR coalesce(r.last_activity, r.created_at) < @at
            OR (coalesce(r.last_activity, r.created_at) = @at AND r.id < @id))
       ORDER BY act DESC, r.id DESC LIMIT @limit`,
    ),
    memberCounts: db.prepare<[string], { room: string; n: number }>(
      `SELECT room, count(*) AS n FROM members
       WHERE room IN (SELECT value FROM json_each(?)) GROUP BY room`,
    ),
    lastMessages: db.prepare<[string], MessageRow>(
      `SELECT msg.* FROM rooms r JOIN messages msg ON msg.room = r.id AND msg.seq = r.last_seq
       WHERE r.id IN (SELECT value FROM json_each(?))`,
    ),
    peerReads: db.prepare<[string, string], { room: string; read_seq: number }>(
      `SELECT room, read_seq FROM members
       WHERE room IN (SELECT value FROM json_each(?)) AND user <> ?`,
    ),
    membershipCount: db.prepare<[string, string], { n: number }>(
      `SELECT count(*) AS n FROM members m JOIN rooms r ON r.id = m.room
       WHERE m.user = ? AND r.kind = ?`,
    ),
    // Random bytes, so every probe writes new pages (zeros could be compressed or skipped).
    probe: db.prepare<[string, number]>(
      `INSERT INTO health_probe (id, at, pad) VALUES (1, ?, randomblob(?))
       ON CONFLICT(id) DO UPDATE SET at = excluded.at, pad = excluded.pad`,
    ),
    listRooms: db.prepare<[number], RoomRow>(
      'SELECT * FROM rooms ORDER BY coalesce(last_activity, created_at) DESC LIMIT ?',
    ),
    findMessage: db.prepare<[string, string, string], MessageRow>(
      'SELECT * FROM messages WHERE room = ? AND sender_id = ? AND client_id = ?',
    ),
    insertMessage: db.prepare(
      `INSERT INTO messages (room, seq, id, client_id, sender_id, sender_name, sender_kind, text, cashtags, created_at, rev, mentions, reply_to)
       VALUES (@room, @seq, @id, @client_id, @sender_id, @sender_name, @sender_kind, @text, @cashtags, @created_at, @rev, @mentions, @reply_to)`,
    ),
    bumpRoom: db.prepare<[number, number, string, string]>(
      'UPDATE rooms SET last_seq = ?, last_rev = ?, last_activity = ? WHERE id = ?',
    ),
    bumpRev: db.prepare<[string], { last_rev: number }>(
      'UPDATE rooms SET last_rev = last_rev + 1 WHERE id = ? RETURNING last_rev',
    ),
    getMessage: db.prepare<[string, number], MessageRow>(
      'SELECT * FROM messages WHERE room = ? AND seq = ?',
    ),
    editMessage: db.prepare<[string, string, string, number, string, number]>(
      `UPDATE messages SET text = ?, cashtags = ?, edited_at = ?, rev = ?
       WHERE room = ? AND seq = ? AND deleted_at IS NULL`,
    ),
    deleteMessage: db.prepare<[string, string, number, string, number]>(
      `UPDATE messages SET text = '', cashtags = '[]', mentions = '[]', reactions = '[]', deleted_at = ?, deleted_by = ?, rev = ?
       WHERE room = ? AND seq = ? AND deleted_at IS NULL`,
    ),
    changedSince: db.prepare<[string, number, number, number], MessageRow>(
      'SELECT * FROM messages WHERE room = ? AND rev > ? AND seq <= ? ORDER BY rev ASC LIMIT ?',
    ),
    history: db.prepare<[string, number, number], MessageRow>(
      'SELECT * FROM messages WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    ),
    since: db.prepare<[string, number, number], MessageRow>(
      'SELECT * FROM messages WHERE room = ? AND seq > ? ORDER BY seq ASC LIMIT ?',
    ),
    markRead: db.prepare<[number, string, string]>(
      'UPDATE members SET read_seq = max(read_seq, ?) WHERE room = ? AND user = ?',
    ),
    readSeq: db.prepare<[string, string], { read_seq: number }>(
      'SELECT read_seq FROM members WHERE room = ? AND user = ?',
    ),
    readSeqs: db.prepare<[string, string], { user: string; read_seq: number }>(
      'SELECT user, read_seq FROM members WHERE room = ? AND user IN (SELECT value FROM json_each(?))',
    ),
    insertRequest: db.prepare(
      'INSERT INTO friend_requests (id, from_id, to_id, status, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    getRequest: db.prepare<[string], RequestRow>('SELECT * FROM friend_requests WHERE id = ?'),
    findRequest: db.prepare<[string, string, string, string], RequestRow>(
      `SELECT * FROM friend_requests WHERE status = 'pending'
       AND ((from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?))`,
    ),
    acceptRequest: db.prepare("UPDATE friend_requests SET status = 'accepted' WHERE id = ?"),
    insertFriendship: db.prepare(
      'INSERT INTO friendships (a, b, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    isFriend: db.prepare<[string, string], { n: number }>(
      'SELECT 1 AS n FROM friendships WHERE a = ? AND b = ?',
    ),
    deleteFriendship: db.prepare('DELETE FROM friendships WHERE a = ? AND b = ?'),
    deleteRequests: db.prepare(
      'DELETE FROM friend_requests WHERE (from_id = ? AND to_id = ?) OR (from_id = ? AND to_id = ?)',
    ),
    friendsOf: db.prepare<[string, string], { id: string }>(
      'SELECT b AS id FROM friendships WHERE a = ? UNION SELECT a AS id FROM friendships WHERE b = ?',
    ),
    incoming: db.prepare<[string], RequestRow>(
      "SELECT * FROM friend_requests WHERE to_id = ? AND status = 'pending' ORDER BY created_at",
    ),
    outgoing: db.prepare<[string], RequestRow>(
      "SELECT * FROM friend_requests WHERE from_id = ? AND status = 'pending' ORDER BY created_at",
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

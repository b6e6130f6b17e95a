import { AppError } from '../errors.js';

/** The position after a room in the "most recently active first" order: its activity time and id. */
export interface RoomCursor {
  at: string;
  id: string;
}

/** Encodes a room-list position as an opaque, URL-safe string. */
export function encodeRoomCursor(cursor: RoomCursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

/** Decodes a cursor from `encodeRoomCursor`; anything else is a `bad_request`. */
export function decodeRoomCursor(raw: string): RoomCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    )
      return { at: value[0], id: value[1] };
  } catch {
    // fall through to the refusal
  }
  throw new AppError('bad_request', 'cursor is not one this server handed out');
}

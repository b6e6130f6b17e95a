import { parseRoomId, type ParsedRoom } from '../../protocol/rooms.js';
import { badRequest } from '../errors.js';

export {
  dmPair,
  dmPeer,
  dmRoomId,
  extractCashtags,
  USER_ID_PATTERN,
  type ParsedRoom,
} from '../../protocol/rooms.js';
export { extractMentions } from '../../protocol/mentions.js';

/** Validates and normalises a room id (`$aapl` -> `$AAPL`); throws `bad_request` otherwise. */
export function parseRoom(raw: string): ParsedRoom {
  const parsed = parseRoomId(raw);
  if (parsed) return parsed;
  throw badRequest(`"${raw.slice(0, 80)}" is not a room id ($TICKER, g:<id> or dm:<a>:<b>)`);
}

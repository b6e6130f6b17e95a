/**
 * Cashtag rules for the composer and the message renderer: the same rules the
 * server applies (protocol/rooms.ts), so `$tsla` opens `$TSLA` and a chip appears
 * exactly where the server found a cashtag.
 */
export { normalizeTicker, splitCashtags, type TextPart } from '../../protocol/rooms.js';

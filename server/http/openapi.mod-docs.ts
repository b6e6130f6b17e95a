import { z } from 'zod';
import { schemas } from '../domain/validation.js';
import type { RouteDoc } from './openapi.types.js';

const page = {
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
};
const reason = z.strictObject({ reason: z.string().max(500).optional() });
const roomParam = z.strictObject({ room: z.string() });

/**
 * `/api/mod/*` (mod.routes.ts): a user token with the moderator or admin role (reads:
 * viewer too; a group's creator for its room-scoped actions), or an API key with the
 * `moderate` scope, which acts as a moderator named after the key.
 */
export const MOD_ROUTE_DOCS: Record<string, RouteDoc> = {
  'GET /api/mod/reports': {
    summary: 'Reported messages, grouped per message, newest first',
    auth: 'mod-read',
    query: z.strictObject({ status: z.enum(['open', 'resolved']).optional(), ...page }),
  },
  'POST /api/mod/reports/:id/resolve': {
    summary: "Resolve a message's reports: dismiss, delete, mute or ban",
    auth: 'moderator',
    params: z.strictObject({ id: z.string() }),
    body: schemas.resolve,
  },
  'DELETE /api/mod/messages/:room/:seq': {
    summary: 'Delete a message (leaves a tombstone)',
    auth: 'moderator',
    params: z.strictObject({ room: z.string(), seq: z.coerce.number().int().min(1) }),
    query: reason,
  },
  'GET /api/mod/mutes': {
    summary: 'Active mutes, soonest to end first',
    auth: 'mod-read',
    query: z.strictObject(page),
  },
  'POST /api/mod/mutes': {
    summary: 'Mute a user everywhere or in one room',
    auth: 'moderator',
    body: schemas.mute,
    status: 201,
  },
  'DELETE /api/mod/mutes/:id': {
    summary: 'Lift a mute',
    auth: 'moderator',
    params: z.strictObject({ id: z.string() }),
    query: reason,
  },
  'GET /api/mod/bans': {
    summary: 'Active bans',
    auth: 'mod-read',
    query: z.strictObject(page),
  },
  'POST /api/mod/bans': {
    summary: 'Ban a user (their sockets close on every node)',
    auth: 'moderator',
    body: schemas.ban,
    status: 201,
  },
  'DELETE /api/mod/bans/:userId': {
    summary: 'Lift a ban',
    auth: 'moderator',
    params: z.strictObject({ userId: z.string() }),
    query: reason,
  },
  'GET /api/mod/rooms/:room': {
    summary: "A room's moderation settings",
    auth: 'mod-read',
    params: roomParam,
  },
  'PATCH /api/mod/rooms/:room': {
    summary: 'Set slow mode or read-only',
    auth: 'moderator',
    params: roomParam,
    body: schemas.roomSettings,
  },
  'GET /api/mod/users': {
    summary: 'Find users by exact id or by the start of their name',
    auth: 'mod-read',
    query: z.strictObject({ q: z.string().min(1).max(64) }),
  },
  'GET /api/mod/users/:userId': {
    summary: "A user's recent messages across rooms, with their mutes and ban",
    auth: 'mod-read',
    params: z.strictObject({ userId: z.string() }),
  },
  'POST /api/mod/users/:userId/purge': {
    summary: "Delete a user's messages of the last minutes in every room (one audit entry)",
    auth: 'moderator',
    params: z.strictObject({ userId: z.string() }),
    body: schemas.purge,
  },
  'GET /api/mod/audit': {
    summary: 'The moderation audit log, newest first',
    auth: 'mod-read',
    query: z.strictObject({
      actor: z.string().max(64).optional(),
      action: z.string().max(64).optional(),
      target: z.string().max(200).optional(),
      ...page,
    }),
  },
};

import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { serverSchemas as s } from '../domain/server-api.schemas.js';
import { schemas } from '../domain/validation.js';
import { MOD_ROUTE_DOCS } from './openapi.mod-docs.js';
import type { Auth, RouteDoc } from './openapi.types.js';
import { webhookSchemas } from './webhooks.routes.js';

type Method = RouteConfig['method'];

const room = z.strictObject({ room: z.string() });
const id = z.strictObject({ id: z.string() });
const paging = z.strictObject({
  before: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/**
 * Every REST route, keyed `METHOD /api/path` with Koa's `:param` syntax (the
 * coverage test compares these keys with the app's router). Bodies and queries
 * are the zod schemas the routes parse with.
 */
export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'POST /api/dev/token': {
    summary: 'Development sign-in: a token for any user (not mounted in production; loopback only)',
    auth: 'none',
    body: schemas.devToken,
  },
  'GET /api/openapi.json': { summary: 'This document', auth: 'none' },
  'GET /api/me': { summary: 'The signed-in user', auth: 'user' },
  'GET /api/rooms': { summary: "The user's rooms with unread counts", auth: 'user' },
  'POST /api/rooms': {
    summary: 'Create a group room with friends',
    auth: 'user',
    body: schemas.createRoom,
    status: 201,
  },
  'GET /api/rooms/:room/messages': {
    summary: 'A page of history, oldest first',
    auth: 'user',
    params: room,
    query: paging,
  },
  'GET /api/friends': { summary: 'Friends and pending requests', auth: 'user' },
  'POST /api/friends/requests': {
    summary: 'Ask a user for a friendship',
    auth: 'user',
    body: schemas.friendRequest,
    status: 201,
  },
  'POST /api/friends/requests/:id/accept': {
    summary: 'Accept a friend request',
    auth: 'user',
    params: id,
  },
  'DELETE /api/friends/requests/:id': {
    summary: 'Decline (recipient) or cancel (sender) a pending friend request',
    auth: 'user',
    params: id,
    status: 204,
  },
  'DELETE /api/friends/:id': { summary: 'End a friendship', auth: 'user', params: id, status: 204 },
  'GET /api/admin/overview': { summary: 'Server overview', auth: 'viewer' },
  'GET /api/admin/connections': {
    summary: 'Connected sockets, paged and searchable',
    auth: 'viewer',
    query: z.strictObject({
      page: z.coerce.number().int().min(1).optional(),
      pageSize: z.coerce.number().int().min(1).max(200).optional(),
      q: z.string().optional(),
    }),
  },
  'GET /api/admin/rooms': { summary: 'Active rooms', auth: 'viewer' },
  'GET /api/admin/rooms/:room/events': {
    summary: "A room's recent events",
    auth: 'viewer',
    params: room,
  },
  'POST /api/admin/connections/:id/disconnect': {
    summary: 'Disconnect a socket',
    auth: 'admin',
    params: id,
  },
  'POST /api/admin/notices': {
    summary: 'Post a notice to a room or everyone',
    auth: 'admin',
    body: schemas.notice,
    status: 201,
  },
  'POST /api/server/messages': {
    summary: 'Post a message as a bot or the system (201 new, 200 repeated clientId)',
    auth: 'publish',
    body: s.postMessage,
    status: 201,
  },
  'POST /api/server/broadcast': {
    summary: 'Post one message to up to 100 rooms',
    auth: 'publish',
    body: s.broadcast,
  },
  'POST /api/server/quotes': {
    summary: 'Push up to 1,000 live quotes',
    auth: 'publish',
    body: s.quotes,
  },
  'GET /api/server/rooms/:room/presence': {
    summary: 'Who is online in a room',
    auth: 'read',
    params: s.roomParams,
    query: s.presenceQuery,
  },
  'GET /api/server/rooms/:room/history': {
    summary: "A page of a room's history",
    auth: 'read',
    params: s.roomParams,
    query: s.historyQuery,
  },
  'PUT /api/server/users/:id': {
    summary: "Set a user's display name and avatar",
    auth: 'users',
    params: s.userParams,
    body: s.putUser,
  },
  'PUT /api/server/users/:id/friends': {
    summary: "Replace a user's friends with the host platform's list",
    auth: 'users',
    params: s.userParams,
    body: s.friends,
  },
  'POST /api/server/users/:id/disconnect': {
    summary: 'Close every socket of a user',
    auth: 'users',
    params: s.userParams,
  },
  'GET /api/admin/webhooks': {
    summary: 'The webhook delivery log, newest first',
    auth: 'viewer',
    query: webhookSchemas.list,
  },
  'POST /api/admin/webhooks/:id/redeliver': {
    summary: 'Send a delivery again (same event id and body)',
    auth: 'admin',
    params: webhookSchemas.id,
  },
  ...MOD_ROUTE_DOCS,
};

const ERROR = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

function security(auth: Auth): RouteConfig['security'] {
  if (auth === 'none') return [];
  if (auth === 'moderator' || auth === 'mod-read')
    return [{ userToken: [] }, { apiKey: ['moderate'] }];
  return auth === 'user' || auth === 'admin' || auth === 'viewer'
    ? [{ userToken: [] }]
    : [{ apiKey: [auth] }];
}

function describeAuth(auth: Auth): string {
  if (auth === 'none') return '';
  if (auth === 'user') return 'Needs a user token.';
  if (auth === 'admin' || auth === 'viewer')
    return `Needs a user token with the ${auth === 'admin' ? 'admin' : 'admin or viewer'} role.`;
  if (auth === 'moderator' || auth === 'mod-read')
    return `Needs a user token with the ${auth === 'moderator' ? 'moderator or admin' : 'moderator, admin or viewer'} role (a group's creator for its own room), or an API key with the \`moderate\` scope.`;
  return `Needs an API key with the \`${auth}\` scope.`;
}

/** Builds the OpenAPI 3.1 document from ROUTE_DOCS. */
export function buildOpenApi(version: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'userToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'A server API key from `npm run apikey -- create` (sck_...)',
  });
  for (const [key, doc] of Object.entries(ROUTE_DOCS)) {
    const [method, path] = key.split(' ') as [string, string];
    const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
    registry.registerPath({
      method: method.toLowerCase() as Method,
      path: path.replace(/:(\w+)/g, '{$1}'),
      summary: doc.summary,
      description: describeAuth(doc.auth),
      tags: [path.split('/')[2] ?? 'api'],
      security: security(doc.auth),
      request: {
        ...(doc.params ? { params: doc.params } : {}),
        ...(doc.query ? { query: doc.query } : {}),
        ...(doc.body ? { body: json(doc.body) } : {}),
      },
      responses: {
        [doc.status ?? 200]: { description: 'Success' },
        ...(doc.body || doc.query || doc.params
          ? { 400: { description: 'Invalid input', ...json(ERROR) } }
          : {}),
        ...(doc.auth === 'none' ? {} : { 401: { description: 'Not signed in', ...json(ERROR) } }),
        ...(doc.auth === 'user' || doc.auth === 'none'
          ? {}
          : { 403: { description: 'Missing role or scope', ...json(ERROR) } }),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'stock-chat', version },
    servers: [{ url: '/' }],
  });
}

import cors from '@koa/cors';
import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';

/**
 * CORS for `/api`: the origins that may open a socket (ALLOWED_ORIGINS, the server's
 * own, any in development) may also call the REST API with a Bearer token. No
 * cookies are involved, so credentials stay off.
 */
export function apiCors(allowed: (req: IncomingMessage) => boolean) {
  const middleware = cors({
    origin: (ctx: Context) => (allowed(ctx.req) ? (ctx.get('Origin') as string) : ''),
    allowMethods: ['GET', 'POST', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
  return (ctx: Context, next: Next) =>
    ctx.path.startsWith('/api/') ? middleware(ctx, next) : next();
}

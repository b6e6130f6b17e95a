import { existsSync, type ReadStream, type Stats } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { Stream } from 'node:stream';

import type { Context, Next } from 'koa';
import send from 'koa-send';

/** The admin console's Content-Security-Policy: nothing inline, nothing from elsewhere. */
export const ADMIN_CSP =
  "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; " +
  "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export interface StaticPaths {
  widget: string;
  admin: string;
  demo: string;
}

// A built file whose name carries Rollup's content hash (`stock-chat-DXxvYFrV.mjs`) never changes.
const HASHED = /-[A-Za-z0-9_-]{8}\.(?:mjs|js|css)(?:\.map)?$/;

/**
 * How long a browser may keep a file without asking: pages always ask, hashed
 * chunks are kept for a year, everything else (the widget's loader script a host
 * page names, locale tables) for five minutes, then revalidated with its ETag.
 */
export function cacheControl(file: string): string {
  if (file.endsWith('.html')) return 'no-cache';
  if (HASHED.test(file)) return 'public, max-age=31536000, immutable';
  return 'public, max-age=300';
}

/** A validator of the bytes sent: the served file's size and modification time (per encoding). */
function setValidators(res: ServerResponse, _path: string, stats: Stats): void {
  res.setHeader('ETag', `W/"${stats.size.toString(16)}-${stats.mtimeMs.toString(16)}"`);
}

/**
 * Serves the demo host page at `/`, the widget bundle under `/widget/`, and the
 * admin console under `/admin` (with its strict CSP). The widget may be loaded
 * by any host site, so it is sent with CORS open. Files are sent as the brotli or
 * gzip copy `npm run build` wrote beside them when the browser accepts it, with an
 * ETag, and a request whose validator still matches is answered 304.
 */
export function staticFiles(paths: StaticPaths) {
  const mounts: {
    prefix: string;
    root: string;
    index: string;
    headers?: Record<string, string>;
  }[] = [
    {
      prefix: '/widget',
      root: paths.widget,
      index: 'stock-chat.js',
      headers: { 'Access-Control-Allow-Origin': '*' },
    },
    {
      prefix: '/admin',
      root: paths.admin,
      index: 'index.html',
      headers: { 'Content-Security-Policy': ADMIN_CSP },
    },
    { prefix: '', root: paths.demo, index: 'index.html' },
  ];
  return async (ctx: Context, next: Next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path.startsWith('/api') || ctx.path.startsWith('/socket.io')) return next();
    for (const mount of mounts) {
      if (mount.prefix && ctx.path !== mount.prefix && !ctx.path.startsWith(`${mount.prefix}/`))
        continue;
      if (ctx.path === '/admin') return ctx.redirect('/admin/');
      const rel = ctx.path.slice(mount.prefix.length).replace(/^\/+/, '') || mount.index;
      if (!existsSync(mount.root)) return next();
      ctx.set('X-Content-Type-Options', 'nosniff');
      for (const [k, v] of Object.entries(mount.headers ?? {})) ctx.set(k, v);
      ctx.vary('Accept-Encoding');
      let served: string | undefined;
      try {
        served = await send(ctx, rel, {
          root: mount.root,
          index: mount.index,
          setHeaders: setValidators,
        });
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err;
        return next();
      }
      if (!served) return next();
      ctx.set('Cache-Control', cacheControl(served.replace(/\.(br|gz)$/, '')));
      if (ctx.fresh) {
        // The browser's copy is current: close the file koa-send opened and send no body.
        if (ctx.body instanceof Stream) (ctx.body as ReadStream).destroy();
        ctx.body = null;
        ctx.status = 304;
      }
      return;
    }
    return next();
  };
}

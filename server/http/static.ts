import { existsSync } from 'node:fs';

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

/**
 * Serves the demo host page at `/`, the widget bundle under `/widget/`, and the
 * admin console under `/admin` (with its strict CSP). The widget may be loaded
 * by any host site, so it is sent with CORS open.
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
      try {
        await send(ctx, rel, {
          root: mount.root,
          index: mount.index,
          maxage: rel.endsWith('.html') ? 0 : 60_000,
        });
      } catch (err) {
        if ((err as { status?: number }).status !== 404) throw err;
        return next();
      }
      return;
    }
    return next();
  };
}

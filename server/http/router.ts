import Router, { type RouterOptions } from '@koa/router';

/**
 * Every Koa router of the server: one spelling per route. @koa/router matches routes
 * case-insensitively by default while the middleware a router `use()`s (authentication,
 * roles) is matched by a case-sensitive prefix, so `/Api/admin/overview` reached the
 * handler without a token (issue 21). Case-sensitive and strict (no trailing slash)
 * routing makes the path that selects a handler the same one its guards saw.
 */
export function newRouter<S = unknown>(opts: Omit<RouterOptions, 'sensitive' | 'strict'> = {}) {
  return new Router<S>({ ...opts, sensitive: true, strict: true });
}

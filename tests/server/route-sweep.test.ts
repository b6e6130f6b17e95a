import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { describe, it } from 'node:test';
import { withServer } from '../support/fixtures.js';
import type { TestServer } from '../support/server.js';

/**
 * The path sweep of issue 21: every route of every Koa router the app mounts (taken from
 * `app.routeTable('all')`, so a new route is swept by construction) is sent without
 * credentials under every spelling that a router, a proxy or a path normaliser might treat
 * as the same path. Only 401, 403 or 404 may come back: a variant never reaches a handler
 * past its authentication.
 */

/** Routes that answer without credentials by design; every other route must answer 401. */
const PUBLIC = new Set([
  'GET /health',
  'GET /metrics',
  'GET /api/openapi.json',
  // Development only (not mounted in production), loopback callers only.
  'POST /api/dev/token',
]);

/** Plausible values for the routes' parameters, so a route's own checks are not what refuses. */
const PARAMS: Record<string, string> = {
  room: encodeURIComponent('$AAPL'),
  id: 'ada',
  userId: 'ada',
  seq: '1',
};

function fill(route: string): string {
  return route.replace(/:(\w+)/g, (_, name: string) => {
    const value = PARAMS[name];
    if (value === undefined) throw new Error(`add a value for :${name} to PARAMS`);
    return value;
  });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const percentFirstLetter = (s: string) =>
  s.replace(/[A-Za-z]/, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Every altered spelling of `path` (a filled route), without the path itself. */
function variants(path: string): string[] {
  const segments = path.split('/').slice(1);
  const join = (parts: string[]) => `/${parts.join('/')}`;
  const out = new Set<string>([path.toUpperCase(), `${path}/`, `${path}//`]);
  segments.forEach((segment, i) => {
    const withSegment = (s: string) => join(segments.map((x, j) => (j === i ? s : x)));
    out.add(withSegment(segment.toUpperCase()));
    out.add(withSegment(capitalise(segment)));
    out.add(withSegment(percentFirstLetter(segment)));
    const before = join(segments.slice(0, i)).replace(/^\/$/, '');
    const rest = join(segments.slice(i));
    out.add(`${before}/${rest}`);
    out.add(`${before}/x/..${rest}`);
    out.add(`${before}/.${rest}`);
    out.add(`${before}/%2e%2e${rest}`);
  });
  out.delete(path);
  return [...out];
}

/**
 * What a variant may answer. 405 comes from another route's pattern matching the variant
 * (`POST /api/friends/REQUESTS` is `DELETE /api/friends/:id`'s path): it names the allowed
 * methods and nothing else.
 */
const REFUSALS = [401, 403, 404, 405];

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** One request with `path` sent as it is (fetch would resolve `..` and `.` first). */
function send(
  url: string,
  method: string,
  path: string,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends every route's variants (GET ones as HEAD too); returns each answer that is not a refusal. */
async function sweep(server: TestServer): Promise<{ routes: string[]; leaks: string[] }> {
  const routes = server.app.routeTable('all');
  const leaks: string[] = [];
  for (const route of routes) {
    const [method, pattern] = route.split(' ') as [string, string];
    const path = fill(pattern);
    const methods = method === 'GET' ? ['GET', 'HEAD'] : [method];
    for (const m of methods) {
      const canonical = await send(server.url, m, path);
      if (!PUBLIC.has(route) && canonical.status !== 401)
        leaks.push(`${m} ${path} -> ${canonical.status} (a protected route must answer 401)`);
      const answers = await Promise.all(
        variants(path).map(async (variant) => ({
          variant,
          ...(await send(server.url, m, variant)),
        })),
      );
      for (const { variant, status, body } of answers)
        if (!REFUSALS.includes(status))
          leaks.push(`${m} ${variant} -> ${status} ${body.slice(0, 80)}`);
    }
  }
  return { routes, leaks };
}

describe('route sweep (development)', () => {
  const server = withServer();

  it('sweeps the REST routes and the health routes alike', () => {
    const routes = server.app.routeTable('all');
    for (const route of ['GET /health', 'GET /api/admin/overview', 'POST /api/server/quotes'])
      assert.ok(routes.includes(route), `${route} missing from routeTable('all')`);
    assert.deepEqual(
      [...PUBLIC].filter((r) => !routes.includes(r)),
      [],
      'a route listed as public is not mounted',
    );
  });

  it('lists the variants of a path: case, slashes, percent-encoding and dot segments', () => {
    const all = variants('/api/admin/overview');
    for (const v of [
      '/Api/admin/overview',
      '/API/ADMIN/OVERVIEW',
      '/api/ADMIN/overview',
      '/api/admin/overview/',
      '/api//admin/overview',
      '/%61pi/admin/overview',
      '/api/x/../admin/overview',
      '/x/../api/admin/overview',
      '/api/./admin/overview',
    ])
      assert.ok(all.includes(v), `${v} missing`);
  });

  it('answers only 401, 403, 404 or 405 to every variant of every route without credentials', async () => {
    const { routes, leaks } = await sweep(server);
    assert.ok(routes.length >= 38, `${routes.length} routes swept`);
    assert.deepEqual(leaks, []);
  });
});

describe('route sweep (production)', () => {
  const server = withServer({
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ALLOWED_ORIGINS: 'https://host.example',
  });

  it('answers only 401, 403, 404 or 405 to every variant of every route without credentials', async () => {
    const { routes, leaks } = await sweep(server);
    assert.ok(!routes.includes('POST /api/dev/token'), 'the dev token route is not mounted');
    assert.deepEqual(leaks, []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withServer } from '../support/fixtures.js';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
}

const server = withServer();
const fetchDoc = async () =>
  (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDoc;
/** `GET /api/rooms/{room}` -> `GET /api/rooms/:room` (Koa's syntax, as App.routeTable() lists them). */
const documented = (doc: OpenApiDoc) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );

describe('GET /api/openapi.json', () => {
  it('describes every mounted REST route, and only mounted ones', async () => {
    const doc = await fetchDoc();
    assert.equal(doc.openapi, '3.1.0');
    const mounted = server.app.routeTable();
    const inDoc = new Set(documented(doc));
    const missing = mounted.filter((r) => !inDoc.has(r));
    assert.deepEqual(
      missing,
      [],
      'mounted routes missing from /api/openapi.json (add them to ROUTE_DOCS)',
    );
    const stale = [...inDoc].filter((r) => !mounted.includes(r));
    assert.deepEqual(stale, [], 'documented routes that are not mounted');
    assert.ok(mounted.length >= 36, `${mounted.length} routes`);
  });

  it('documents the moderation routes with both ways in: a user token or a `moderate` API key', async () => {
    const doc = await fetchDoc();
    for (const [path, method] of [
      ['/api/mod/bans', 'post'],
      ['/api/mod/reports', 'get'],
      ['/api/mod/rooms/{room}', 'patch'],
    ] as const) {
      assert.deepEqual(doc.paths[path]?.[method]?.security, [
        { userToken: [] },
        { apiKey: ['moderate'] },
      ]);
    }
    assert.deepEqual(doc.paths['/api/server/quotes']?.post?.security, [{ apiKey: ['publish'] }]);
  });
});

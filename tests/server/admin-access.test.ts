import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionsPage, Overview } from '../../protocol/admin.js';
import { api } from '../support/server.js';
import { withServer } from '../support/fixtures.js';
import { adminClient, adminRequest } from './admin.support.js';

const server = withServer();

describe('/admin namespace access', () => {
  it('refuses a handshake without a token', async () => {
    await assert.rejects(adminClient(server.url, undefined), /token is required/);
  });

  it('refuses a forged token', async () => {
    await assert.rejects(adminClient(server.url, 'forged.token.value'), /invalid token/);
  });

  it('refuses a chat user without the admin role, saying which role is needed', async () => {
    const token = await server.token('plain-user');
    await assert.rejects(adminClient(server.url, token), /needs the admin or viewer role/);
  });

  it('opens for an admin and sends the session, with actions allowed', async () => {
    const admin = await adminClient(server.url, await server.token('ops', { admin: true }));
    const session = await admin.session;
    assert.equal(session.user.id, 'ops');
    assert.equal(session.canAct, true);
    const overview = await adminRequest<Overview>(admin, 'overview', {});
    assert.equal(overview.ok, true);
    admin.close();
  });

  it('lets a viewer read but refuses its actions with forbidden', async () => {
    const viewer = await adminClient(
      server.url,
      await server.token('auditor', { roles: ['viewer'] }),
    );
    const page = await adminRequest<ConnectionsPage>(viewer, 'connections', { page: 1 });
    assert.equal(page.ok, true);
    const kick = await adminRequest(viewer, 'disconnect_socket', { id: 'whatever' });
    assert.equal(!kick.ok && kick.error.code, 'forbidden');
    const notice = await adminRequest(viewer, 'notice', { text: 'hello' });
    assert.equal(!notice.ok && notice.error.code, 'forbidden');
    viewer.close();
  });
});

describe('/api/admin access', () => {
  it('answers 401 without a token', async () => {
    const res = await api(server.url, 'GET', '/api/admin/overview');
    assert.equal(res.status, 401);
  });

  it('answers 403 forbidden to a user without the role', async () => {
    const res = await api<{ error: { code: string } }>(
      server.url,
      'GET',
      '/api/admin/overview',
      await server.token('nobody'),
    );
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
  });

  it('answers the overview to an admin', async () => {
    const res = await api<Overview>(
      server.url,
      'GET',
      '/api/admin/overview',
      await server.token('ops2', { admin: true }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.store, 'sqlite');
    assert.equal(typeof res.body.rtt.p99, 'number');
  });

  it('refuses a viewer POST with 403 and lets it GET', async () => {
    const token = await server.token('auditor2', { roles: ['viewer'] });
    assert.equal((await api(server.url, 'GET', '/api/admin/rooms', token)).status, 200);
    const post = await api(server.url, 'POST', '/api/admin/notices', token, { text: 'hi' });
    assert.equal(post.status, 403);
  });

  it('refuses a malformed notice with 400 bad_request', async () => {
    const token = await server.token('ops3', { admin: true });
    const res = await api<{ error: { code: string } }>(
      server.url,
      'POST',
      '/api/admin/notices',
      token,
      {
        text: 'x',
        $where: '1',
      },
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'bad_request');
  });
});

describe('/admin session expiry', () => {
  it('ends a console when its token expires', async () => {
    const token = await server.token('short', { admin: true, ttlSec: 2 });
    const panel = await adminClient(server.url, token);
    const reason = await new Promise<string>((resolve) => panel.once('disconnect', resolve));
    assert.equal(reason, 'io server disconnect');
  });
});

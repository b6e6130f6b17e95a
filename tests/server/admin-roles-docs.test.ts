import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ADMIN_ROLES } from '../../server/console/admin.service.js';
import { withServer } from '../support/fixtures.js';
import { adminClient, adminRequest } from './admin.support.js';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

/** The text of a markdown section, from its heading to the next heading of any level. */
function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `no section ${heading}`);
  const rest = doc.slice(start + heading.length + 2);
  return rest.slice(0, rest.search(/\n#{1,6} /) >>> 0);
}

/** The sentences of `text` that mention `phrase`, whole. */
const sentencesWith = (text: string, phrase: string) =>
  text
    .replace(/\n/g, ' ')
    .split(/(?<=\.)\s+/)
    .filter((s) => s.includes(phrase));

describe('/admin namespace roles', () => {
  const server = withServer();

  it('opens for a moderator, read-only (the console acts only for admin)', async () => {
    const mod = await adminClient(server.url, await server.token('mo', { roles: ['moderator'] }));
    const session = await mod.session;
    assert.equal(session.canAct, false);
    const kick = await adminRequest(mod, 'disconnect_socket', { id: 'whatever' });
    assert.equal(!kick.ok && kick.error.code, 'forbidden');
    mod.close();
  });

  it('docs/protocol.md names every role that opens /admin, as admin.service.ts does', () => {
    const protocol = read('docs/protocol.md');
    const texts = [
      section(protocol, '## Console namespace `/admin`'),
      ...sentencesWith(section(protocol, '## Identity'), 'open the console'),
      ...sentencesWith(section(protocol, '## Identity'), '`forbidden` on `/admin`'),
    ];
    assert.equal(texts.length, 3);
    for (const text of texts)
      for (const role of ADMIN_ROLES)
        assert.ok(text.includes(`\`${role}\``), `"${text.slice(0, 80)}…" does not name ${role}`);
  });

  it('docs/moderation.md agrees: moderators, admins and viewers sign in to /admin', () => {
    const [sentence] = sentencesWith(read('docs/moderation.md'), 'sign in to `/admin`');
    assert.ok(sentence, 'docs/moderation.md says who signs in to /admin');
    for (const role of ADMIN_ROLES) assert.match(sentence, new RegExp(`${role}s?\\b`, 'i'));
  });
});

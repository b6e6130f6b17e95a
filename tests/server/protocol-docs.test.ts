import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = new URL('../../', import.meta.url);
const sources = ['protocol/wire.ts', 'protocol/admin.ts'].map((file) =>
  ts.createSourceFile(file, readFileSync(new URL(file, root), 'utf8'), ts.ScriptTarget.Latest),
);
const statements = sources.flatMap((source) => [...source.statements]);
const docs = readFileSync(new URL('docs/protocol.md', root), 'utf8');

/** The member names of an exported interface of the protocol files. */
function membersOf(name: string): string[] {
  const found = statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  assert.ok(found, `the protocol files have no interface ${name}`);
  return found.members.flatMap((m) =>
    m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : [],
  );
}

/** The string literals of an exported union type alias of the protocol files. */
function literalsOf(name: string): string[] {
  const found = statements.find(
    (s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === name,
  );
  assert.ok(found && ts.isUnionTypeNode(found.type), `the protocol files have no union ${name}`);
  return found.type.types.flatMap((t) =>
    ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : [],
  );
}

const missing = (names: string[]) => names.filter((n) => !docs.includes(`\`${n}\``));

describe('docs/protocol.md', () => {
  for (const map of [
    'ClientToServerEvents',
    'ServerToClientEvents',
    'AdminClientToServerEvents',
    'AdminServerToClientEvents',
  ]) {
    it(`names every event of ${map}`, () => {
      const events = membersOf(map);
      assert.ok(events.length > 3, `read no events from ${map}`);
      assert.deepEqual(missing(events), [], `events of ${map} missing from docs/protocol.md`);
    });
  }

  it('names every error code', () => {
    const codes = literalsOf('ErrorCode');
    assert.ok(codes.includes('bad_request'), 'read no error codes');
    assert.deepEqual(missing(codes), [], 'error codes missing from docs/protocol.md');
  });
});

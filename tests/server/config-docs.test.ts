import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { settingVariables } from '../../server/settings.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Every `VARIABLE` named in the first column of a README table headed `| variable`. */
function readmeVariables(): Set<string> {
  const names = new Set<string>();
  let inTable = false;
  for (const line of readFileSync(path.join(root, 'README.md'), 'utf8').split('\n')) {
    if (/^\| variable\s/.test(line)) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable)
      for (const m of (line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1]!);
  }
  return names;
}

/** Every environment variable the server's code reads by name, outside the settings table. */
function readByName(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [
      ...readFileSync(path.join(dir, file), 'utf8').matchAll(
        /process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[['"]([A-Z_][A-Z0-9_]*)['"]\])/g,
      ),
    ])
    .map((m) => m[1] ?? m[2]!);
}

describe('server/settings.ts and the README configuration tables', () => {
  const table = settingVariables();

  it('names each variable once', () => {
    assert.deepEqual(
      table.filter((name, i) => table.indexOf(name) !== i),
      [],
    );
  });

  it('documents every variable the server reads', () => {
    const documented = readmeVariables();
    assert.deepEqual(
      table.filter((name) => !documented.has(name)),
      [],
      'add these to a README table headed `| variable`',
    );
  });

  it('documents no variable the server does not read', () => {
    const read = new Set(table);
    assert.deepEqual(
      [...readmeVariables()].filter((name) => !read.has(name)),
      [],
      'the README names variables that server/settings.ts does not read',
    );
  });

  it('reads no variable outside the settings table', () => {
    assert.deepEqual(readByName(path.join(root, 'server')), []);
  });
});

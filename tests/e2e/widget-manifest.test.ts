import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
  members?: { kind: string; name: string }[];
}

const ISSUE_11_PARTS = [
  'link',
  'mention',
  'reply-quote',
  'reactions',
  'reaction',
  'reaction-picker',
  'unread-divider',
  'new-messages',
  'day-separator',
  'avatar',
  'member-count',
  'composer-error',
  'char-count',
];

describe('widget/custom-elements.json', () => {
  it('documents the attributes, methods, events, parts and CSS properties of <stock-chat>', () => {
    const element = stockChat();
    const names = (list?: { name: string }[]) => (list ?? []).map((x) => x.name);
    for (const attribute of ['server', 'token', 'mode', 'theme', 'locale', 'room', 'opened']) {
      assert.ok(names(element.attributes).includes(attribute), `attribute ${attribute}`);
    }
    for (const method of ['open', 'close', 'joinRoom']) {
      assert.ok(names(element.members).includes(method), `method ${method}`);
    }
    assert.deepEqual(names(element.events).sort(), [
      'stock-chat-error',
      'stock-chat-message',
      'stock-chat-notification',
      'stock-chat-ready',
      'stock-chat-unread-change',
    ]);
    for (const part of ['launcher', 'badge', 'panel', 'message', 'cashtag', 'composer']) {
      assert.ok(names(element.cssParts).includes(part), `part ${part}`);
    }
    // The parts issue 11 names, and every part, are in the manifest and the README's list.
    const readme = readFileSync('README.md', 'utf8');
    const listed = /^Parts: ([\s\S]+?)\(the manifest lists every part/m.exec(readme)?.[1] ?? '';
    const inReadme = new Set([...listed.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
    for (const part of ISSUE_11_PARTS) {
      assert.ok(names(element.cssParts).includes(part), `part ${part} not in the manifest`);
    }
    for (const part of names(element.cssParts)) {
      assert.ok(inReadme.has(part), `part ${part} is in the manifest but not in the README`);
    }
    assert.equal(new Set(names(element.cssParts)).size, names(element.cssParts).length);
    assert.ok(names(element.cssProperties).includes('--stock-chat-accent'));
    assert.ok(names(element.cssProperties).length >= 15);
  });

  it('names every part a template uses, and the README every part, attribute and event', () => {
    const element = stockChat();
    const names = (list?: { name: string }[]) => (list ?? []).map((x) => x.name);
    const manifestParts = new Set(names(element.cssParts));
    const used = templateParts();
    assert.deepEqual(
      [...used].filter((part) => !manifestParts.has(part)),
      [],
      'parts used in widget/src templates but not documented with @csspart in stock-chat.ts',
    );
    const readme = readFileSync('README.md', 'utf8');
    const rows = (heading: string) => {
      const section = readme.slice(readme.indexOf(heading));
      const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| ')));
      return new Set([...table.matchAll(/^\| `([\w-]+)`/gm)].map((m) => m[1]));
    };
    const attributes = rows('### Attributes and properties');
    assert.deepEqual(
      names(element.attributes).filter((a) => !attributes.has(a)),
      [],
      "attributes missing from README's table",
    );
    const events = rows('### Events');
    assert.deepEqual(
      names(element.events).filter((e) => !events.has(e)),
      [],
      "events missing from README's table",
    );
  });
});

/** The <stock-chat> declaration of widget/custom-elements.json. */
function stockChat(): Declaration {
  const manifest = JSON.parse(readFileSync('widget/custom-elements.json', 'utf8')) as {
    modules: { declarations?: Declaration[] }[];
  };
  const element = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .find((d) => d.tagName === 'stock-chat');
  assert.ok(element, '<stock-chat> is not in the manifest');
  return element;
}

/** Every part name written in a template of widget/src: `part="a b"`, and the literals of `part=${…}`. */
function templateParts(): Set<string> {
  const parts = new Set<string>();
  for (const file of readdirSync('widget/src', { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const source = readFileSync(path.join('widget/src', file), 'utf8');
    for (const m of source.matchAll(/\bpart="([^"$]*)"/g))
      m[1]!
        .split(/\s+/)
        .filter(Boolean)
        .forEach((p) => parts.add(p));
    for (const m of source.matchAll(/\bpart=\$\{([^}]*)\}/g))
      for (const literal of m[1]!.matchAll(/['`]([a-z][a-z-]*)[ '`]/g)) parts.add(literal[1]!);
  }
  return parts;
}

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
    const manifest = JSON.parse(readFileSync('widget/custom-elements.json', 'utf8')) as {
      modules: { declarations?: Declaration[] }[];
    };
    const element = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === 'stock-chat');
    assert.ok(element, '<stock-chat> is not in the manifest');
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
});

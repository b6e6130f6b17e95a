/**
 * Splits message text into runs the renderer shows differently: plain text,
 * http(s) links, `@id` mentions and cashtags. Only `http:` and `https:` URLs
 * become links; anything else (`javascript:`, `data:`…) stays text. A link whose
 * host mixes scripts (`аpple.com` with a Cyrillic `а`) shows its punycode, and
 * bidi controls in a URL show percent-encoded.
 */
import { MENTION_SOURCE, TRAILING } from '../../protocol/mentions.js';
import { BIDI_FORMATTING } from '../../protocol/text.js';
import { splitCashtags } from './cashtags.js';

/** A run of message text. */
export type RichPart =
  | { kind: 'text'; text: string }
  | { kind: 'cashtag'; text: string; room: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; id: string };

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/gi;
const MENTION_IN_TEXT = new RegExp(MENTION_SOURCE, 'g');

/** Shortens a URL for display: no scheme, at most `max` characters with an ellipsis. */
export function shortUrl(href: string, max = 40): string {
  const bare = href.replace(/^https?:\/\//i, '').replace(/\/$/, '');
  return bare.length > max ? `${bare.slice(0, max - 1)}…` : bare;
}

// Scripts (ISO 15924 codes) told apart in a host label; letters of any other script count as
// one more, "other", so Latin with Armenian is a mix as much as Latin with Cyrillic.
const SCRIPTS = 'Latn Grek Cyrl Hani Hira Kana Bopo Hang'
  .split(' ')
  .map((code) => [code, new RegExp(`\\p{sc=${code}}`, 'u')] as const);
// The mixes UTS #39 allows in a "highly restrictive" label: Latin with Japanese, Chinese or Korean.
const CJK = ['Latn Hani Hira Kana', 'Latn Hani Bopo', 'Latn Hani Hang'];

/** True when a host label's letters mix scripts beyond the CJK mixes, as `аpple` does. */
function mixesScripts(label: string): boolean {
  const found = new Set<string>();
  for (const char of label) {
    if (/\p{L}/u.test(char)) found.add(SCRIPTS.find(([, re]) => re.test(char))?.[0] ?? 'other');
  }
  const scripts = [...found];
  return scripts.length > 1 && !CJK.some((set) => scripts.every((s) => set.includes(s)));
}

/**
 * The link of a URL in text, or null when it is none: a host with a mixed-script label
 * becomes the URL's ASCII form (the browser's parser gives the punycode host), and
 * bidi controls and marks are percent-encoded so they cannot reorder the link text.
 */
function link(href: string): RichPart | null {
  const host = /^https?:\/\/([^/?#\\]*)/i.exec(href)?.[1] ?? '';
  let shown = href;
  if (/[^ -~]/.test(host) && host.split(/[.:@\u3002\uff0e\uff61]/).some(mixesScripts)) {
    try {
      shown = new URL(href).href;
    } catch {
      return null;
    }
  }
  shown = shown.replace(BIDI_FORMATTING, encodeURIComponent);
  return { kind: 'link', text: shortUrl(shown), href: shown };
}

function splitOn(
  text: string,
  pattern: RegExp,
  make: (match: string) => RichPart | null,
): RichPart[] {
  const parts: RichPart[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    const whole = match[0].replace(TRAILING, '');
    const part = make(whole);
    if (!part) continue;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push(part);
    last = start + whole.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Splits text into links, then mentions, then cashtags, in order. */
export function splitRichText(text: string): RichPart[] {
  return splitOn(text, URL_IN_TEXT, link).flatMap((part) =>
    part.kind !== 'text'
      ? [part]
      : splitOn(part.text, MENTION_IN_TEXT, (m) =>
          m.length > 1 ? { kind: 'mention', text: m, id: m.slice(1) } : null,
        ).flatMap((inner): RichPart[] =>
          inner.kind === 'text' ? splitCashtags(inner.text) : [inner],
        ),
  );
}

/**
 * Splits message text into runs the renderer shows differently: plain text,
 * http(s) links, `@id` mentions and cashtags. Only `http:` and `https:` URLs
 * become links; anything else (`javascript:`, `data:`…) stays text. A link whose
 * host mixes scripts (`аpple.com` with a Cyrillic `а`) shows its punycode.
 */
import { MENTION_SOURCE, TRAILING } from '../../protocol/mentions.js';
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

// One group per script told apart in a host label: Latin, Cyrillic, and any other letter
// (Greek among them) but the Chinese, Japanese and Korean ones, which UTS #39 lets a
// "highly restrictive" label mix with Latin.
const SCRIPT =
  /(\p{sc=Latn})|(\p{sc=Cyrl})|([^\P{L}\p{sc=Hani}\p{sc=Hira}\p{sc=Kana}\p{sc=Bopo}\p{sc=Hang}])/gu;

/** True when a host label's letters mix scripts, as `аpple` (Cyrillic `а`) does. */
function mixesScripts(label: string): boolean {
  // Each match's script is the number of the group that caught it.
  return new Set(Array.from(label.matchAll(SCRIPT), (m) => m.indexOf(m[0], 1))).size > 1;
}

/**
 * The link of a URL in text, or null when it is none: a host with a mixed-script label
 * shows as the URL's ASCII form (the browser's parser gives the punycode host).
 */
function link(href: string): RichPart | null {
  let shown = href;
  // The authority's labels (`user@host:port`); a full-width dot joins two, which can only
  // make a mix likelier.
  if (href.split('/')[2]!.split(/[.:@]/).some(mixesScripts)) {
    try {
      shown = new URL(href).href;
    } catch {
      return null;
    }
  }
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

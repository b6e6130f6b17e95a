/**
 * Names inside translated sentences ("Dana is typing…"), each in its own `<bdi>`: a
 * right-to-left name, or one holding a stray bidi control, cannot reorder the words
 * of the sentence around it.
 */
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { StringKey, Translate } from '../i18n/index.js';

// Never in a locale string: marks where each name goes once the sentence is translated.
const SLOT = '\u0000';

/** `t(key, names)` with every name isolated: text and `<bdi>` pieces for a template. */
export function sentence(
  t: Translate,
  key: StringKey,
  names: Record<string, string>,
): (string | TemplateResult)[] {
  const keys = Object.keys(names);
  const slots = Object.fromEntries(keys.map((name, i) => [name, `${SLOT}${i}${SLOT}`]));
  return t(key, slots)
    .split(SLOT)
    .map((piece, i) => (i % 2 ? html`<bdi>${names[keys[+piece]]}</bdi>` : piece));
}

/**
 * Bidirectional-text rules shared by the server, the widget and the console. An
 * override or embedding control (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) in user
 * text reorders whatever is laid out after it in the same line, so names lose them
 * at the server and clients isolate every piece of user text they show.
 */

/** Embedding, override and isolate controls: U+202A–U+202E and U+2066–U+2069. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** A display or group name without its embedding, override and isolate controls. */
export function stripBidiControls(name: string): string {
  return name.replace(BIDI_CONTROLS, '');
}

/**
 * `text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, without controls of
 * its own (a stray POP would end the isolate early): for plain strings, a sentence with
 * a name in it or a dialog, where no `<bdi>` can go.
 */
export function isolate(text: string): string {
  return `\u2068${stripBidiControls(text)}\u2069`;
}

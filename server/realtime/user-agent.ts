/** Browser families, most specific first: Edge and Opera also say Chrome, Chrome also says Safari. */
const FAMILIES: readonly [RegExp, string][] = [
  [/\bEdgA?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\b(?:Headless)?Chrome\/(\d+)/, 'Chrome'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
  [/\bnode(?:\.js)?\/?v?(\d+)?/i, 'Node.js'],
];

/**
 * The client family of a connection from its `User-Agent`, for the console's
 * connections table: `Chrome 131`, `Firefox 128 (mobile)`, `Safari 17`, or
 * `unknown`. The widget sends no client version of its own; its browser says enough.
 */
export function clientFamily(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown';
  const ua = userAgent.slice(0, 512);
  for (const [pattern, name] of FAMILIES) {
    const match = pattern.exec(ua);
    if (!match) continue;
    const mobile = /\bMobile\b|Android/.test(ua) ? ' (mobile)' : '';
    return `${name}${match[1] ? ` ${match[1]}` : ''}${mobile}`;
  }
  return 'other';
}

/**
 * Compile-time check (npm run typecheck) that each locale table shipped as JSON
 * next to the bundle has every key of `en.ts`, and only strings.
 */
import type { LocaleStrings } from '../../widget/src/i18n/index.js';
import zhHans from '../../widget/src/i18n/zh-Hans.json' with { type: 'json' };
import zhHant from '../../widget/src/i18n/zh-Hant.json' with { type: 'json' };

export const tables: Record<string, LocaleStrings> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant };

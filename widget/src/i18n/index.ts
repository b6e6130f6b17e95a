/**
 * Locale lookup. Adding a language is one file exporting a `LocaleStrings`
 * table and one line in `LOCALES`; unknown locales fall back by language
 * (`zh-TW` → `zh-Hant`) and then to English.
 */
import { en } from './en.js';
import type { LocaleStrings, StringKey } from './en.js';
import { zhHans } from './zh-Hans.js';
import { zhHant } from './zh-Hant.js';
import type { ShownError } from '../types.js';

export type { LocaleStrings, StringKey };

const LOCALES: Record<string, LocaleStrings> = {
  en,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
};

const ALIASES: Record<string, string> = {
  'zh-tw': 'zh-Hant',
  'zh-hk': 'zh-Hant',
  'zh-mo': 'zh-Hant',
  'zh-hant-tw': 'zh-Hant',
  'zh-cn': 'zh-Hans',
  'zh-sg': 'zh-Hans',
  'zh-hans-cn': 'zh-Hans',
  zh: 'zh-Hans',
};

/** The BCP 47 tag actually used for `locale`. */
export function resolveLocale(locale: string | undefined): string {
  if (!locale) return 'en';
  if (LOCALES[locale]) return locale;
  const lower = locale.toLowerCase();
  const alias = ALIASES[lower];
  if (alias) return alias;
  const exact = Object.keys(LOCALES).find((tag) => tag.toLowerCase() === lower);
  if (exact) return exact;
  const language = lower.split('-')[0];
  return (
    ALIASES[language] ?? Object.keys(LOCALES).find((tag) => tag.toLowerCase() === language) ?? 'en'
  );
}

/** A translate function for one locale: `t('typingOne', { name: 'Alice' })`. */
export type Translate = (key: StringKey, values?: Record<string, string | number>) => string;

export function translator(locale: string | undefined): Translate {
  const table = LOCALES[resolveLocale(locale)];
  return (key, values) => {
    const template = table[key] ?? en[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

/** The string key an error code is shown by: every error reaches the user through the locale. */
export function errorKey(code: ShownError): StringKey {
  return `err_${code}`;
}

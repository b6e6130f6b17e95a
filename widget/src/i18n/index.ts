/**
 * Locale lookup. English is built in; every other language is a JSON table
 * next to the bundle (`zh-Hant.json`, copied there by the build), fetched the
 * first time a widget asks for it, so a page pays only for the language it shows.
 * Adding a language is one JSON file with the keys of `en.ts` and one entry in
 * `LOCALES`; unknown locales fall back by language (`zh-TW` → `zh-Hant`) and then
 * to English. Until a table has loaded, its strings show in English.
 */
import { en } from './en.js';
import type { LocaleStrings, StringKey } from './en.js';
import type { ShownError } from '../types.js';

export type { LocaleStrings, StringKey };

/** Loaded tables; `null` for a language known but not fetched yet. */
/** English: the built-in table, completed by `addEnglish()` as parts load. */
const english: Partial<LocaleStrings> = { ...en };

/** Adds the English strings a part loaded on first use brings along. */
export function addEnglish(strings: Partial<LocaleStrings>): void {
  Object.assign(english, strings);
}

const LOCALES: Record<string, Partial<LocaleStrings> | null> = {
  en: english,
  'zh-Hans': null,
  'zh-Hant': null,
};
const loading = new Map<string, Promise<void>>();

/**
 * Fetches the table of `locale` once (resolves at once for English or a table
 * already here); a failed fetch leaves English in place and may be tried again.
 */
export function loadLocale(locale: string | undefined): Promise<void> {
  const tag = resolveLocale(locale);
  if (LOCALES[tag]) return Promise.resolve();
  let pending = loading.get(tag);
  if (!pending) {
    pending = fetch(new URL(`${tag}.json`, import.meta.url))
      .then((res) => (res.ok ? (res.json() as Promise<LocaleStrings>) : null))
      .then((table) => {
        if (table) LOCALES[tag] = table;
      })
      .catch(() => undefined)
      .finally(() => loading.delete(tag));
    loading.set(tag, pending);
  }
  return pending;
}

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
  if (locale in LOCALES) return locale;
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
    const template = table?.[key] ?? english[key] ?? key;
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

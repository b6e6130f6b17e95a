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

/** A table as looked up: plural forms (`charsLeft_one`) are keys like the others. */
type Table = Partial<Record<string, string>>;

/** English: the built-in table, completed by `addEnglish()` as parts load. */
const english: Table = { ...en };

/** Adds the English strings a part loaded on first use brings along. */
export function addEnglish(strings: Partial<LocaleStrings>): void {
  Object.assign(english, strings);
}

/** Loaded tables; `null` for a language known but not fetched yet. */
const LOCALES: Record<string, Table | null> = {
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

/**
 * A numeric `count` picks the table's plural form for it by `Intl.PluralRules`
 * (`charsLeft_one` for 1 in English), else the key's own string, which is the
 * `other` form; a language without plurals (Chinese) needs no forms at all.
 */
export function translator(locale: string | undefined): Translate {
  const tag = resolveLocale(locale);
  const table = LOCALES[tag];
  return (key, values) => {
    const count = values?.count;
    const form =
      typeof count === 'number' ? `${key}_${new Intl.PluralRules(tag).select(count)}` : key;
    const template = table?.[form] ?? table?.[key] ?? english[form] ?? english[key] ?? key;
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

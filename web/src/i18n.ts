/**
 * English and Korean (the platform's first audience is Korean): every string of the dapp is a key of
 * both catalogues (src/locales/*.json, i18next's JSON format: nested keys, `{{name}}` interpolation,
 * plural forms as `key_one` / `key_other` chosen by `Intl.PluralRules`). The language is the fan's
 * choice (remembered), else the browser's. Only the language in use is loaded, in two parts: the
 * shell's strings (header, catalogue, film cards: `<lang>.json`) before the first page renders, the fans'
 * other pages' (`<lang>.pages.json`) right after, awaited by those pages (`pageStrings`), each other
 * role's (`<lang>.studio.json`, `<lang>.invest.json`, `<lang>.curation.json`) only with that role's pages, and the contracts'
 * errors in words (`<lang>.errors.json`) with every page that writes. The platform's own
 * small translator instead of i18next + react-i18next: those two were 18 KB of the 150 KB the first
 * page may load, for the three features used here.
 */
import { useSyncExternalStore } from "react";

export const LANGUAGES = { en: "English", ko: "한국어" } as const;
export type Language = keyof typeof LANGUAGES;
const STORAGE_KEY = "streamspace.language";

type Catalogue = { [key: string]: string | Catalogue };
/** The shell (first page), the fans' other pages, each other role's pages, and reviews and recommendations (community). */
export type Part = "shell" | "pages" | "errors" | "studio" | "invest" | "curation" | "community";
const loaders: Record<Language, Record<Part, () => Promise<{ default: Catalogue }>>> = {
  en: { shell: () => import("./locales/en.json"), pages: () => import("./locales/en.pages.json"), errors: () => import("./locales/en.errors.json"), studio: () => import("./locales/en.studio.json"), invest: () => import("./locales/en.invest.json"), curation: () => import("./locales/en.curation.json"), community: () => import("./locales/en.community.json") },
  ko: { shell: () => import("./locales/ko.json"), pages: () => import("./locales/ko.pages.json"), errors: () => import("./locales/ko.errors.json"), studio: () => import("./locales/ko.studio.json"), invest: () => import("./locales/ko.invest.json"), curation: () => import("./locales/ko.curation.json"), community: () => import("./locales/ko.community.json") },
};

let language: Language = "en";
const catalogues: Partial<Record<Language, Catalogue>> = {};
const loading = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();
/** Changes with the language and with each part loaded: what components re-render on. */
let version = 0;

function lookup(catalogue: Catalogue | undefined, key: string): string | undefined {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

/**
 * The text of `key` in the current language, with `{{name}}` replaced by `values.name`; with a numeric
 * `count`, the plural form the language's rules choose (`key_one`, `key_other`...). A missing key is
 * returned as is (a test finds it; a fan sees which text is missing rather than nothing).
 */
export function translate(key: string, values: Record<string, string | number> = {}): string {
  const catalogue = catalogues[language];
  const count = values.count;
  const text =
    (typeof count === "number" ? lookup(catalogue, `${key}_${new Intl.PluralRules(language).select(count)}`) ?? lookup(catalogue, `${key}_other`) : undefined) ??
    lookup(catalogue, key);
  if (text === undefined) return key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export type Translate = typeof translate;

function initialLanguage(): Language {
  const asked = new URLSearchParams(location.search).get("lang") ?? localStorage.getItem(STORAGE_KEY) ?? navigator.language;
  return asked?.toLowerCase().startsWith("ko") ? "ko" : "en";
}

function load(lang: Language, part: Part): Promise<void> {
  const key = `${lang}.${part}`;
  if (!loading.has(key)) {
    loading.set(
      key,
      loaders[lang][part]().then(({ default: strings }) => {
        catalogues[lang] = { ...catalogues[lang], ...strings };
        notify();
      }),
    );
  }
  return loading.get(key)!;
}

/** A part's strings in the current language (a lazy page awaits its part with its code). */
export function pageStrings(part: Exclude<Part, "shell"> = "pages"): Promise<void> {
  return load(language, part);
}

async function use(next: Language) {
  await load(next, "shell");
  language = next;
  document.documentElement.lang = next;
  notify();
  // Wanted soon (the fans' pages, the contracts' errors in words); the first page does not wait for them.
  void pageStrings().catch(() => undefined);
  void pageStrings("errors").catch(() => undefined);
}

export async function setLanguage(next: Language) {
  localStorage.setItem(STORAGE_KEY, next);
  // Every part already loaded in the former language, in the new one.
  const parts = (["pages", "errors", "studio", "invest", "curation", "community"] as const).filter((part) => loading.has(`${language}.${part}`));
  await Promise.all([...parts.map((part) => load(next, part)), use(next)]);
}

export function initI18n(): Promise<void> {
  return use(initialLanguage());
}

function notify() {
  version += 1;
  listeners.forEach((listener) => listener());
}

const subscribe = (listener: () => void) => (listeners.add(listener), () => void listeners.delete(listener));

/** `t` and the current language, re-rendering the component when the fan changes language. */
export function useTranslation(): { t: Translate; i18n: { language: Language } } {
  const current = useSyncExternalStore(subscribe, () => version);
  void current;
  return { t: translate, i18n: { language } };
}

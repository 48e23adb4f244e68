/**
 * English and Korean (the platform's first audience is Korean): every string of the dapp is a key of
 * both catalogues. The language is the fan's choice (remembered), else the browser's.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";

import en from "./locales/en.json";
import ko from "./locales/ko.json";

export const LANGUAGES = { en: "English", ko: "한국어" } as const;
export type Language = keyof typeof LANGUAGES;
const STORAGE_KEY = "streamspace.language";

function initialLanguage(): Language {
  const asked = new URLSearchParams(location.search).get("lang") ?? localStorage.getItem(STORAGE_KEY) ?? navigator.language;
  return asked?.toLowerCase().startsWith("ko") ? "ko" : "en";
}

export function setLanguage(language: Language) {
  localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export async function initI18n() {
  const lng = initialLanguage();
  document.documentElement.lang = lng;
  await i18next.use(initReactI18next).init({ resources: { en: { translation: en }, ko: { translation: ko } }, lng, fallbackLng: "en", interpolation: { escapeValue: false } });
  return i18next;
}

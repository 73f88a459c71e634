import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import de from './locales/de.json';
import en from './locales/en.json';
import { LANGUAGES, LANGUAGE_STORAGE_KEY, isLanguage, type Language } from './languages';
import { deviceStorage } from '../storage/app-storage';

export const resources = { en: { translation: en }, de: { translation: de } } as const;

/**
 * One i18next instance for the whole app, ready before the first render: the texts are bundled
 * (a device offline must still read its screens), so nothing loads asynchronously. The language
 * is the one chosen in Settings, else the browser's first supported one ("de-AT" reads German),
 * else English.
 */
void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    supportedLngs: [...LANGUAGES],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      // Only an explicit choice is kept (see setLanguage): a device whose browser language
      // changes follows it until someone picks a language in Settings.
      caches: [],
    },
  });

syncDocumentLanguage(i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

/** The language showing now, reduced to one the app has ("de-DE" → "de"). */
export function currentLanguage(): Language {
  const base = (i18n.resolvedLanguage ?? i18n.language ?? 'en').split('-')[0] ?? 'en';
  return isLanguage(base) ? base : 'en';
}

/** Switches the interface and keeps the choice on this device across reloads. */
export async function setLanguage(language: Language): Promise<void> {
  // Storage full or blocked: the switch still applies for this session (the storage says nothing).
  deviceStorage.write('language', language);
  await i18n.changeLanguage(language);
}

/** Screen readers pick their voice from <html lang>, so it follows the interface. */
function syncDocumentLanguage(language: string | undefined): void {
  if (typeof document !== 'undefined' && language) document.documentElement.lang = language.split('-')[0] ?? language;
}

export { i18n };

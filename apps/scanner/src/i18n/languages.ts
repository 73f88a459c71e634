/** The languages the interface is written in; the first is the fallback for any other. */
export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language named in itself, so a user can find theirs whatever is showing now. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };

/** Where a language chosen in Settings is kept on this device (the browser's own is the default). */
export const LANGUAGE_STORAGE_KEY = 'stockline.language';

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

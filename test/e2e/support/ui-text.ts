import de from '../../../apps/scanner/src/i18n/locales/de.json';
import en from '../../../apps/scanner/src/i18n/locales/en.json';

export type Locale = 'en' | 'de';
type Tree = { [key: string]: string | Tree };
const TEXTS: Record<Locale, Tree> = { en, de };

/**
 * What the app shows for a key, in one language, from the app's own text files: a test in
 * German finds the German label the user sees, and a renamed text changes in one place.
 * `count` picks the plural form as the app does for these two languages (1 → _one, else _other).
 */
export function uiText(locale: Locale): (key: string, vars?: Record<string, string | number>) => string {
  return (key, vars = {}) => {
    const path = key.split('.');
    const leaf = path.pop()!;
    let node: Tree = TEXTS[locale];
    for (const part of path) {
      const next = node[part];
      if (typeof next !== 'object') throw new Error(`no text group ${key} in ${locale}`);
      node = next;
    }
    const plural = vars.count === undefined ? undefined : node[`${leaf}_${vars.count === 1 ? 'one' : 'other'}`];
    const text = plural ?? node[leaf];
    if (typeof text !== 'string') throw new Error(`no text ${key} in ${locale}`);
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(vars[name] ?? `{{${name}}}`));
  };
}

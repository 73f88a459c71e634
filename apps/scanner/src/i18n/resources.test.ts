// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import de from './locales/de.json';
import en from './locales/en.json';

type Tree = { [key: string]: string | Tree };
const SRC = fileURLToPath(new URL('..', import.meta.url));
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Keys written out in code: t('a.b'), i18n.t("a.b"), i18nKey="a.b" (dynamic keys are typed instead). */
function keysUsedInCode(): { key: string; file: string }[] {
  const pattern = /(?:\bt|\.t)\(\s*['"]([\w.-]+)['"]|i18nKey=["']([\w.-]+)["']/g;
  return sourceFiles(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => ({
      key: (m[1] ?? m[2])!,
      file: file.slice(SRC.length),
    })),
  );
}

const languages = { en: flatten(en), de: flatten(de) };

describe('interface texts', () => {
  it('has every key in both English and German, none empty', () => {
    const missingInDe = [...languages.en.keys()].filter((k) => !languages.de.has(k));
    const missingInEn = [...languages.de.keys()].filter((k) => !languages.en.has(k));
    expect({ missingInDe, missingInEn }).toEqual({ missingInDe: [], missingInEn: [] });
    for (const [lang, texts] of Object.entries(languages)) {
      const empty = [...texts].filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const differ = [...languages.en]
      .filter(([k, v]) => placeholders(v).join() !== placeholders(languages.de.get(k) ?? v).join())
      .map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('has a text in both languages for every key the code names', () => {
    const used = keysUsedInCode();
    expect(used.length).toBeGreaterThan(0);
    const has = (texts: Map<string, string>, key: string) =>
      texts.has(key) || [...texts.keys()].some((k) => PLURAL.test(k) && k.replace(PLURAL, '') === key);
    const missing = used
      .filter(({ key }) => !has(languages.en, key) || !has(languages.de, key))
      .map(({ key, file }) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});

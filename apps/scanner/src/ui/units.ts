import { i18n } from '../i18n/i18n';

type UnitKey = 'piece' | 'pair' | 'box' | 'roll' | 'pack' | 'bottle' | 'kg' | 'g' | 'l' | 'm';

/** How people write the units the app can pluralise, in English or German, singular or plural. */
const SPELLINGS: Record<string, UnitKey> = {
  pc: 'piece',
  pcs: 'piece',
  piece: 'piece',
  pieces: 'piece',
  ea: 'piece',
  each: 'piece',
  stk: 'piece',
  stück: 'piece',
  pair: 'pair',
  pairs: 'pair',
  pr: 'pair',
  paar: 'pair',
  box: 'box',
  boxes: 'box',
  karton: 'box',
  kartons: 'box',
  roll: 'roll',
  rolls: 'roll',
  rolle: 'roll',
  rollen: 'roll',
  pack: 'pack',
  packs: 'pack',
  packung: 'pack',
  packungen: 'pack',
  bottle: 'bottle',
  bottles: 'bottle',
  flasche: 'bottle',
  flaschen: 'bottle',
  kg: 'kg',
  g: 'g',
  l: 'l',
  m: 'm',
};

/**
 * The product's unit as it reads after a quantity, in the interface language and plural rules:
 * "pairs" after 12, "pair" after 1, "Paar" in German. A unit the app does not know ("box of 12")
 * is shown as the office wrote it; no unit gives null.
 */
export function unitLabel(unit: string | null | undefined, count: number): string | null {
  const written = unit?.trim();
  if (!written) return null;
  const key = SPELLINGS[written.toLowerCase().replace(/\.$/, '')];
  return key ? i18n.t(`units.${key}`, { count }) : written;
}

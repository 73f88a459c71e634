import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { currentLanguage, i18n, setLanguage } from '../i18n/i18n';
import { LANGUAGE_STORAGE_KEY } from '../i18n/languages';
import { formatQty } from '../ui/format';
import { SettingsScreen } from './SettingsScreen';

afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  await setLanguage('en');
  localStorage.clear();
});

describe('interface language', () => {
  it('switches to German in Settings, keeps the choice, and formats numbers the German way', async () => {
    render(<SettingsScreen isManager={false} />);
    fireEvent.change(screen.getByLabelText('Language of the interface'), { target: { value: 'de' } });
    expect(await screen.findByRole('heading', { name: 'Einstellungen auf diesem Gerät' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('de');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('de');
    expect(formatQty(12458)).toBe('12.458');
  });

  it("follows the browser's language until one is chosen, and a chosen one wins", async () => {
    vi.stubGlobal('navigator', { ...navigator, languages: ['de-AT', 'en'], language: 'de-AT' });
    await i18n.changeLanguage(); // no argument: detect, as at start-up
    expect(currentLanguage()).toBe('de');
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    await i18n.changeLanguage();
    expect(currentLanguage()).toBe('en');
  });
});

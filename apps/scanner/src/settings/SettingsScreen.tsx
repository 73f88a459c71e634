import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { forgetUnknownCode, loadUnknownCodes } from '../scan/unknown-codes';
import { formatWhen } from '../ui/format';
import { loadScannerSettings, saveScannerSettings, type ScannerSettings } from './scanner-settings';
import { LanguageSetting } from './LanguageSetting';
import { ScannerTest, type ScannerMeasurement } from './ScannerTest';

/**
 * This device's settings: the keyboard-wedge scanner (how fast its keys come, how long a code
 * is, what it sends around a code) and, for managers, the codes clerks scanned that no product has.
 */
export function SettingsScreen({ isManager }: { isManager: boolean }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<ScannerSettings>(loadScannerSettings);
  const [saved, setSaved] = useState<string | null>(null);
  const [measured, setMeasured] = useState<ScannerMeasurement | null>(null);
  const [unknown, setUnknown] = useState(loadUnknownCodes);

  const change = (patch: Partial<ScannerSettings>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaved(null);
  };
  const save = (next: ScannerSettings, text = t('common.saved')) => {
    setForm(saveScannerSettings(next));
    setSaved(text);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save(form);
  };

  return (
    <section className="screen settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settings.heading')}</h2>
      <LanguageSetting />
      <form className="panel" onSubmit={submit} aria-label={t('settings.scanner.label')}>
        <h3>{t('settings.scanner.heading')}</h3>
        <p className="muted">{t('settings.scanner.intro')}</p>
        <ScannerTest
          terminator={form.terminator}
          affixes={form}
          onMeasured={(m) => {
            setMeasured(m);
            save(
              { ...form, maxGapMs: m.suggestedGapMs, learnGap: false },
              t('settings.scanner.savedLimit', { limit: m.suggestedGapMs }),
            );
          }}
        />
        {measured && (
          <p className="message message-ok" role="status" data-testid="scanner-measured">
            {t('settings.scanner.measured', {
              code: measured.code,
              length: measured.code.length,
              gap: Math.max(0, ...measured.gaps),
              limit: measured.suggestedGapMs,
            })}
          </p>
        )}
        <div className="settings-grid">
          <label className="field">
            <span>{t('settings.scanner.maxGap')}</span>
            <input
              type="number"
              inputMode="numeric"
              min={5}
              max={200}
              value={form.maxGapMs}
              onChange={(e) => change({ maxGapMs: Number(e.target.value), learnGap: false })}
            />
          </label>
          <label className="field field-check">
            <input type="checkbox" checked={form.learnGap} onChange={(e) => change({ learnGap: e.target.checked })} />
            <span>{t('settings.scanner.learnGap')}</span>
          </label>
          <label className="field">
            <span>{t('settings.scanner.minLength')}</span>
            <input
              type="number"
              inputMode="numeric"
              min={2}
              max={64}
              value={form.minLength}
              onChange={(e) => change({ minLength: Number(e.target.value) })}
            />
          </label>
          <label className="field">
            <span>{t('settings.scanner.prefix')}</span>
            <input
              value={form.prefix}
              maxLength={8}
              onChange={(e) => change({ prefix: e.target.value })}
              autoComplete="off"
            />
          </label>
          <label className="field">
            <span>{t('settings.scanner.suffix')}</span>
            <input
              value={form.suffix}
              maxLength={8}
              onChange={(e) => change({ suffix: e.target.value })}
              autoComplete="off"
            />
          </label>
          <label className="field">
            <span>{t('settings.scanner.terminator')}</span>
            <select
              value={form.terminator}
              onChange={(e) => change({ terminator: e.target.value as ScannerSettings['terminator'] })}
            >
              <option value="Enter">Enter</option>
              <option value="Tab">Tab</option>
            </select>
          </label>
        </div>
        <div className="row">
          <button type="submit" className="btn btn-primary">
            {t('settings.scanner.save')}
          </button>
          {saved && (
            <span className="saved" role="status">
              ✓ {saved}
            </span>
          )}
        </div>
      </form>
      {isManager && (
        <div className="panel" aria-label={t('settings.unknown.label')}>
          <h3>{t('settings.unknown.heading')}</h3>
          {unknown.length === 0 ? (
            <p className="empty">{t('common.none')}</p>
          ) : (
            <ul className="unknown-codes">
              {unknown.map((u) => (
                <li key={u.code}>
                  <strong>{u.code}</strong>{' '}
                  <span className="muted">
                    · {u.seenBy} · {formatWhen(u.seenAt)}
                  </span>{' '}
                  <button
                    type="button"
                    className="btn btn-small btn-secondary"
                    onClick={() => {
                      forgetUnknownCode(u.code);
                      setUnknown(loadUnknownCodes());
                    }}
                  >
                    {t('common.done')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="muted">{t('settings.unknown.hint')}</p>
        </div>
      )}
    </section>
  );
}

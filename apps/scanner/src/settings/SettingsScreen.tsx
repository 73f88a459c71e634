import { useState, type FormEvent } from 'react';
import { forgetUnknownCode, loadUnknownCodes } from '../scan/unknown-codes';
import { formatWhen } from '../ui/format';
import { loadScannerSettings, saveScannerSettings, type ScannerSettings } from './scanner-settings';
import { ScannerTest, type ScannerMeasurement } from './ScannerTest';

/**
 * This device's settings: the keyboard-wedge scanner (how fast its keys come, how long a code
 * is, what it sends around a code) and, for managers, the codes clerks scanned that no product has.
 */
export function SettingsScreen({ isManager }: { isManager: boolean }) {
  const [form, setForm] = useState<ScannerSettings>(loadScannerSettings);
  const [saved, setSaved] = useState<string | null>(null);
  const [measured, setMeasured] = useState<ScannerMeasurement | null>(null);
  const [unknown, setUnknown] = useState(loadUnknownCodes);

  const change = (patch: Partial<ScannerSettings>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSaved(null);
  };
  const save = (next: ScannerSettings, text = 'Saved') => {
    setForm(saveScannerSettings(next));
    setSaved(text);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save(form);
  };

  return (
    <section className="screen settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings on this device</h2>
      <form className="panel" onSubmit={submit} aria-label="Barcode scanner">
        <h3>Barcode scanner (keyboard wedge)</h3>
        <p className="muted">A scan is a burst of keys faster than anyone types. These settings are for this device only.</p>
        <ScannerTest
          terminator={form.terminator}
          affixes={form}
          onMeasured={(m) => {
            setMeasured(m);
            save({ ...form, maxGapMs: m.suggestedGapMs }, `Saved: key-gap limit ${m.suggestedGapMs} ms`);
          }}
        />
        {measured && (
          <p className="message message-ok" role="status" data-testid="scanner-measured">
            Read “{measured.code}”: {measured.code.length} characters, slowest gap {Math.max(0, ...measured.gaps)} ms. Key-gap limit set to {measured.suggestedGapMs} ms.
          </p>
        )}
        <div className="settings-grid">
          <label className="field">
            <span>Key-gap limit (ms)</span>
            <input type="number" inputMode="numeric" min={5} max={200} value={form.maxGapMs} onChange={(e) => change({ maxGapMs: Number(e.target.value) })} />
          </label>
          <label className="field">
            <span>Minimum code length</span>
            <input type="number" inputMode="numeric" min={2} max={64} value={form.minLength} onChange={(e) => change({ minLength: Number(e.target.value) })} />
          </label>
          <label className="field">
            <span>Prefix</span>
            <input value={form.prefix} maxLength={8} onChange={(e) => change({ prefix: e.target.value })} autoComplete="off" />
          </label>
          <label className="field">
            <span>Suffix</span>
            <input value={form.suffix} maxLength={8} onChange={(e) => change({ suffix: e.target.value })} autoComplete="off" />
          </label>
          <label className="field">
            <span>Terminator</span>
            <select value={form.terminator} onChange={(e) => change({ terminator: e.target.value as ScannerSettings['terminator'] })}>
              <option value="Enter">Enter</option>
              <option value="Tab">Tab</option>
            </select>
          </label>
        </div>
        <div className="row">
          <button type="submit" className="btn btn-primary">
            Save scanner settings
          </button>
          {saved && (
            <span className="saved" role="status">
              ✓ {saved}
            </span>
          )}
        </div>
      </form>
      {isManager && (
        <div className="panel" aria-label="Unknown codes">
          <h3>Unknown codes scanned on this device</h3>
          {unknown.length === 0 ? (
            <p className="empty">None.</p>
          ) : (
            <ul className="unknown-codes">
              {unknown.map((u) => (
                <li key={u.code}>
                  <strong>{u.code}</strong> <span className="muted">· {u.seenBy} · {formatWhen(u.seenAt)}</span>{' '}
                  <button
                    type="button"
                    className="btn btn-small btn-secondary"
                    onClick={() => {
                      forgetUnknownCode(u.code);
                      setUnknown(loadUnknownCodes());
                    }}
                  >
                    Done
                  </button>
                </li>
              ))}
            </ul>
          )}
          <p className="muted">Scan one on the Scan screen to create its product.</p>
        </div>
      )}
    </section>
  );
}

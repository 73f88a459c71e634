import { useTranslation } from 'react-i18next';
import { useRef, useState, type KeyboardEvent } from 'react';
import { WEDGE_OWNER_ATTR } from '../scan/use-wedge';
import { suggestMaxGap, stripAffixes, type Terminator } from '../scan/wedge';

export interface ScannerMeasurement {
  code: string;
  gaps: number[];
  suggestedGapMs: number;
}

/**
 * "Test your scanner": scan any barcode into this field; it measures the gaps between the keys
 * the scanner sends and proposes a key-gap limit with room for a busy machine.
 */
export function ScannerTest({
  terminator,
  affixes,
  onMeasured,
}: {
  terminator: Terminator;
  affixes: { prefix: string; suffix: string };
  onMeasured: (m: ScannerMeasurement) => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const times = useRef<number[]>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === terminator) {
      e.preventDefault();
      const stamps = times.current;
      times.current = [];
      if (stamps.length < 2) return;
      const gaps = stamps.slice(1).map((t, i) => Math.round(t - stamps[i]!));
      const code = stripAffixes(value, affixes) ?? value;
      setValue('');
      onMeasured({ code, gaps, suggestedGapMs: suggestMaxGap(gaps) });
      return;
    }
    if (e.key.length === 1) times.current.push(e.timeStamp);
  };
  return (
    <label className="field" {...{ [WEDGE_OWNER_ATTR]: '' }}>
      <span>{t('scannerTest.label')}</span>
      <input
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
        onFocus={() => {
          times.current = [];
          setValue('');
        }}
        autoComplete="off"
        spellCheck={false}
        placeholder={t('scannerTest.placeholder')}
      />
    </label>
  );
}

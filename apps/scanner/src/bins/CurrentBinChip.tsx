import { useTranslation } from 'react-i18next';
import type { Location } from '@stockline/protocol';

/** The bin the clerk works at, in the header, with a way to leave it; nothing when there is none. */
export function CurrentBinChip({ bin, onClear }: { bin: Location | null; onClear: () => void }) {
  const { t } = useTranslation();
  if (!bin) return null;
  return (
    <span className="bin-chip" role="status" aria-label={t('bins.current', { code: bin.code })}>
      <span className="bin-chip-label">{t('bins.bin')}</span> <strong>{bin.code}</strong>
      <button
        type="button"
        className="btn btn-small btn-ghost bin-chip-clear"
        aria-label={t('bins.clear', { code: bin.code })}
        title={t('bins.clear', { code: bin.code })}
        onClick={onClear}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </span>
  );
}

import { useTranslation } from 'react-i18next';
import type { Availability } from '@stockline/replica';
import type { Location } from '@stockline/protocol';
import { formatQty } from '../ui/format';

/**
 * Where in the warehouse the product is: how many in the current bin, and the bins that hold
 * it. Nothing in a warehouse without bins (no current bin, no product in a bin).
 */
export function BinStock({ here, bin }: { here: Availability | undefined; bin: Location | null }) {
  const { t } = useTranslation();
  const bins = here?.bins ?? [];
  if (!bin && bins.length === 0) return null;
  const inBin = bin ? (bins.find((b) => b.locationId === bin.id)?.available ?? 0) : null;
  return (
    <div className="bin-stock">
      {bin && (
        <p className="bin-stock-current" data-testid="stock-in-bin">
          {t('bins.inBin', { code: bin.code })} <strong>{formatQty(inBin ?? 0)}</strong>
          <span className="muted"> · {t('bins.inWarehouse', { qty: formatQty(here?.available ?? 0) })}</span>
        </p>
      )}
      <p className="bin-stock-list" data-testid="stock-bins">
        {t('bins.heldIn')}{' '}
        {bins.length === 0 ? (
          <span className="muted">{t('bins.inNoBin')}</span>
        ) : (
          bins.map((b, i) => (
            <span key={b.locationId} className={b.locationId === bin?.id ? 'bin-current' : undefined}>
              {i > 0 && ' · '}
              <strong>{b.code}</strong> {formatQty(b.available)}
            </span>
          ))
        )}
      </p>
    </div>
  );
}

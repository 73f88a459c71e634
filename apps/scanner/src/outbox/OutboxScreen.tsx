import { useTranslation } from 'react-i18next';
import type { LocalMovement } from '@stockline/replica';
import { useReplica } from '../replica-hooks/replica-context';
import { useLookups } from '../replica-hooks/use-lookups';
import { useObservable } from '../replica-hooks/use-observable';
import { OutboxList } from './OutboxList';

/** Every movement recorded on this device with its state; rejected ones stay until dismissed. */
export function OutboxScreen() {
  const { t } = useTranslation();
  const replica = useReplica();
  const { products, warehouses } = useLookups();
  const movements = useObservable(() => replica.movements$({ limit: 200 }), [] as LocalMovement[], [replica]);
  return (
    <section className="screen" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">{t('outbox.heading')}</h2>
      <OutboxList
        movements={movements}
        products={products}
        warehouses={warehouses}
        onDismiss={(id) => void replica.dismiss(id)}
      />
    </section>
  );
}

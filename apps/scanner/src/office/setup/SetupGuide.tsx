import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { useOffice } from '../office-context';
import { LoadState } from '../ui';
import { useLoader } from '../use-loader';
import { WarehouseForm } from '../warehouses/WarehouseForm';
import { isDone, nextStep, type SetupCounts, type SetupStep } from './setup-steps';

/**
 * Day one for an admin: a warehouse, then products, then the people who will scan. Each step
 * says what is done; the current one is open with what it needs.
 */
export function SetupGuide() {
  const { t } = useTranslation();
  const { api, go } = useOffice();
  const counts = useLoader<SetupCounts & { warehouseNames: string[] }>(
    async (signal) => {
      const [warehouses, products, users] = await Promise.all([
        api.warehouses(signal),
        api.products({ limit: 1, archived: 'all' }, signal),
        api.users(signal),
      ]);
      return {
        warehouses: warehouses.length,
        warehouseNames: warehouses.map((w) => w.name),
        hasProducts: products.items.length > 0,
        otherUsers: users.length - 1,
      };
    },
    [api],
  );
  return (
    <section className="screen setup" aria-labelledby="setup-heading">
      <h2 id="setup-heading">{t('office.heading.setup')}</h2>
      <p>{t('office.setup.intro')}</p>
      <LoadState loaded={counts} reload={counts.reload}>
        {(c) => {
          const next = nextStep(c);
          const step = (id: SetupStep, n: number, title: string, body: ReactNode) => (
            <li
              className={`setup-step ${isDone(id, c) ? 'setup-done' : ''} ${next === id ? 'setup-current' : ''}`}
              data-testid={`setup-${id}`}
            >
              <h3>
                <span className="setup-mark" aria-hidden="true">
                  {isDone(id, c) ? '✓' : n}
                </span>{' '}
                {title}
                {isDone(id, c) && <span className="sr-only"> {t('office.setup.done')}</span>}
              </h3>
              {body}
            </li>
          );
          return (
            <>
              {next === null && (
                <p className="message message-ok" role="status">
                  {t('office.setup.allSet')}
                </p>
              )}
              <ol className="setup-steps">
                {step(
                  'warehouse',
                  1,
                  t('office.setup.warehouses'),
                  <>
                    {c.warehouses > 0 && (
                      <p className="muted">{t('office.setup.created', { names: c.warehouseNames.join(', ') })}</p>
                    )}
                    <WarehouseForm onCreated={counts.reload} />
                  </>,
                )}
                {step(
                  'products',
                  2,
                  t('office.setup.products'),
                  <div className="row">
                    <button
                      type="button"
                      className="btn btn-primary"
                      onClick={() => go('import')}
                      disabled={c.warehouses === 0}
                    >
                      {t('office.setup.importCsv')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-secondary"
                      onClick={() => go('products')}
                      disabled={c.warehouses === 0}
                    >
                      {t('office.setup.oneByOne')}
                    </button>
                  </div>,
                )}
                {step(
                  'users',
                  3,
                  t('office.setup.users'),
                  <div className="row">
                    <button
                      type="button"
                      className="btn btn-primary"
                      onClick={() => go('users')}
                      disabled={c.warehouses === 0}
                    >
                      {t('office.setup.addUsers')}
                    </button>
                  </div>,
                )}
              </ol>
            </>
          );
        }}
      </LoadState>
    </section>
  );
}

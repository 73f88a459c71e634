import { useTranslation } from 'react-i18next';
import { useMemo, useState } from 'react';
import { LOCATION_CSV_COLUMNS, type Location, type Warehouse } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { LoadState } from '../ui';
import { useLoader } from '../use-loader';
import { CsvImport } from '../import/CsvImport';
import { BinLabels } from './BinLabels';
import { LocationForm } from './LocationForm';
import { LocationRow } from './LocationRow';

/**
 * A warehouse's locations (bins): make one, import many from CSV, rename, change a barcode,
 * archive; print their labels. Managers in scope and admins; the warehouse is chosen here
 * (the header's, at first).
 */
export function LocationsScreen({ warehouseId }: { warehouseId: string | null }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const warehouses = useLoader((signal) => api.warehouses(signal), [api]);
  const [chosen, setChosen] = useState(warehouseId ?? '');
  return (
    <section className="screen" aria-labelledby="locations-heading">
      <h2 id="locations-heading">{t('office.heading.locations')}</h2>
      <LoadState loaded={warehouses} reload={warehouses.reload}>
        {(list) => {
          const current = list.find((w) => w.id === chosen) ?? list.find((w) => !w.archived) ?? list[0];
          if (!current) return <p className="empty">{t('office.locations.noWarehouse')}</p>;
          return (
            <>
              <label className="inline-label">
                {t('office.warehouse')}
                <select value={current.id} onChange={(e) => setChosen(e.target.value)}>
                  {list.map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.name} ({w.code})
                    </option>
                  ))}
                </select>
              </label>
              <WarehouseLocations key={current.id} warehouse={current} />
            </>
          );
        }}
      </LoadState>
    </section>
  );
}

function WarehouseLocations({ warehouse }: { warehouse: Warehouse }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const locations = useLoader((signal) => api.locations(warehouse.id, signal), [api, warehouse.id]);
  const [filter, setFilter] = useState('');
  const [showArchived, setShowArchived] = useState(true);
  return (
    <>
      <LocationForm warehouseId={warehouse.id} onCreated={locations.reload} />
      <LoadState loaded={locations} reload={locations.reload}>
        {(items) => (
          <>
            <div className="filters" role="group" aria-label={t('office.locations.filters')}>
              <label className="grow">
                {t('office.locations.filter')}
                <input
                  type="search"
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                  placeholder={t('office.locations.filterPlaceholder')}
                />
              </label>
              <label className="check">
                <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
                {t('office.locations.showArchived')}
              </label>
            </div>
            <LocationList items={items} filter={filter} showArchived={showArchived} onChanged={locations.reload} />
            <BinLabels warehouseId={warehouse.id} active={items.filter((l) => !l.archived).length} />
          </>
        )}
      </LoadState>
      <div className="office-form" aria-labelledby="locations-import-heading">
        <h3 id="locations-import-heading">{t('office.locations.importHeading', { code: warehouse.code })}</h3>
        <p className="muted">
          {t('office.import.header')} <code>{LOCATION_CSV_COLUMNS.join(',')}</code> {t('office.locations.importRules')}{' '}
          {t('office.import.formats')}
        </p>
        <CsvImport
          kind="locations"
          send={(csv, options) => api.importCsv('locations', csv, { ...options, warehouseId: warehouse.id })}
          onImported={locations.reload}
        />
      </div>
    </>
  );
}

function LocationList({
  items,
  filter,
  showArchived,
  onChanged,
}: {
  items: Location[];
  filter: string;
  showArchived: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return items.filter(
      (l) =>
        (showArchived || !l.archived) &&
        (q === '' || [l.code, l.name, l.barcode ?? ''].some((text) => text.toLowerCase().includes(q))),
    );
  }, [items, filter, showArchived]);
  if (items.length === 0) return <p className="empty">{t('office.locations.none')}</p>;
  return (
    <>
      <p className="muted" role="status">
        {t('office.locations.shown', { count: shown.length, total: items.length })}
      </p>
      <ul className="office-list" aria-label={t('office.locations.list')}>
        {shown.map((l) => (
          <LocationRow key={`${l.id}:${l.updatedAt}`} location={l} onChanged={onChanged} />
        ))}
      </ul>
    </>
  );
}

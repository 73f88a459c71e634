import type { Location, LocationLabelsQuery } from '@stockline/protocol';
import type { UserRecord } from '../store/core/port';
import { notFound } from '../services/errors';
import type { LocationService } from '../services/locations';
import type { Label } from './label';
import { renderLabelsPdf } from './render-pdf';

/** A location's label: its code large, its name beneath, and its barcode when it has one, else its code. */
export function locationLabel(location: Location): Label {
  return { title: location.code, subtitle: location.name, code: location.barcode ?? location.code };
}

/**
 * The PDF of a warehouse's active locations, one label each, by code. A warehouse with none to
 * print is a 404: an empty sheet would only be noticed at the printer.
 */
export async function locationLabelsPdf(
  locations: LocationService,
  user: UserRecord,
  query: LocationLabelsQuery,
): Promise<Uint8Array> {
  const active = (await locations.list(user, query.warehouseId)).filter((l) => !l.archived);
  if (active.length === 0) throw notFound('active location');
  return renderLabelsPdf(active.map(locationLabel), query.layout, 'Location labels');
}

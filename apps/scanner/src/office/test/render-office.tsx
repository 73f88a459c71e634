import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import type { Role } from '@stockline/protocol';
import { OfficeContext, type Office } from '../office-context';
import type { FakeOfficeServer } from './fake-office-server';

/** Renders an office screen against a fake server; `went` records where the screen sent the user. */
export function renderOffice(server: FakeOfficeServer, ui: ReactNode, role: Role = 'admin') {
  const went: Parameters<Office['go']>[] = [];
  const office: Office = { api: server.api(), role, go: (...args) => went.push(args) };
  return { ...render(<OfficeContext.Provider value={office}>{ui}</OfficeContext.Provider>), went };
}

export const AT = '2026-11-27T08:00:00.000Z';
export const W1 = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
export const W2 = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
export const warehouse = (id: string, code: string, name: string, archived = false) => ({
  id,
  code,
  name,
  location: null,
  archived,
  updatedAt: AT,
});
export const product = (n: number, extra: Partial<{ barcode: string | null; archived: boolean; id: string }> = {}) => ({
  id: extra.id ?? `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  sku: `SKU-${n}`,
  name: `Product ${n}`,
  barcode: extra.barcode ?? null,
  description: null,
  category: null,
  unit: null,
  packs: [] as { barcode: string; quantity: number }[],
  archived: extra.archived ?? false,
  updatedAt: AT,
});

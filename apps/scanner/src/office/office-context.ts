import { createContext, useContext } from 'react';
import type { Role } from '@stockline/protocol';
import type { OfficeFocus, OfficeSection } from '../shell/routes';
import type { OnlineApi } from '../online/online-api';

export interface Office {
  api: OnlineApi;
  role: Role;
  /** Opens another office screen, optionally focused on one product (the history screen). */
  go: (section: OfficeSection, focus?: OfficeFocus) => void;
}

export const OfficeContext = createContext<Office | null>(null);

export function useOffice(): Office {
  const office = useContext(OfficeContext);
  if (!office) throw new Error('useOffice outside the office area');
  return office;
}

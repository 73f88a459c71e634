import { createContext, useContext } from 'react';
import type { OnlineApi } from './online-api';

/** What the floor screens ask the server (the office screens reach the same object through their own context). */
export type FloorCalls = Pick<
  OnlineApi,
  | 'reviewList'
  | 'decideReview'
  | 'reportUnknownCode'
  | 'unknownCodes'
  | 'dismissUnknownCode'
  | 'createProduct'
  | 'attachBarcode'
  | 'setThreshold'
>;

export const OnlineApiContext = createContext<FloorCalls | null>(null);

/** The signed-in user's online API; components below the shell can rely on it. */
export function useOnlineApi(): FloorCalls {
  const api = useContext(OnlineApiContext);
  if (!api) throw new Error('useOnlineApi outside a session');
  return api;
}

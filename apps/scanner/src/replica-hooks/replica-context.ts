import { createContext, useContext } from 'react';
import type { Replica } from '@stockline/replica';

export const ReplicaContext = createContext<Replica | null>(null);

/** The open replica; components below the session provider can rely on it. */
export function useReplica(): Replica {
  const replica = useContext(ReplicaContext);
  if (!replica) throw new Error('useReplica outside a session');
  return replica;
}

import type { Alert } from './alerts';
import type { Checkpoint, SyncCollection, SyncDocumentOf } from './sync';

/**
 * Sockets authenticate in the handshake: `io(url, { auth: { token, deviceId, protocolVersion } })`.
 * A refused handshake is a connect_error with message SOCKET_AUTH_ERROR and `data.code`
 * (unauthorized, token_expired, upgrade_required with `data.supported`).
 */
export interface SocketAuth {
  token: string;
  deviceId?: string;
  protocolVersion?: number;
}

/** Documents that changed on the server, with the checkpoint a replica may resume from. */
export interface StreamEvent<C extends SyncCollection = SyncCollection> {
  collection: C;
  documents: SyncDocumentOf<C>[];
  checkpoint: Checkpoint;
}

export interface ServerToClientEvents {
  /** A low-stock alert, sent only to managers and admins whose scope holds its warehouse. */
  alert: (alert: Alert) => void;
  /** Changes in the receiver's scope, for the replicas' live pull stream. */
  stream: (event: StreamEvent) => void;
}

export type ClientToServerEvents = Record<string, never>;

/** Socket.IO's handshake error message when the token is missing, bad or expired. */
export const SOCKET_AUTH_ERROR = 'unauthorized';

import { z } from 'zod';
import { Checkpoint, SyncCollection } from './sync';

/**
 * Sockets authenticate in the handshake: `io(url, { auth: { token, deviceId, protocolVersion } })`.
 * A refused handshake is a connect_error with message SOCKET_AUTH_ERROR and `data.code`
 * (unauthorized, token_expired, upgrade_required with `data.supported`).
 *
 * Lenient where devices of every version must get an answer: a missing or unreadable token is
 * refused as unauthorized by the server, and a device id that is not one is left out (the socket
 * then joins no device room). Only the protocol version decides whether the handshake parses: no
 * version (or an empty one) is a device from before versions were sent (1); anything but a whole
 * number is upgrade_required.
 */
export const SocketHandshake = z.looseObject({
  token: z.string().optional().catch(undefined),
  deviceId: z
    .string()
    .max(100)
    .transform((id) => id.trim() || null)
    .nullish()
    .catch(null),
  protocolVersion: z
    .union([
      z.int().nonnegative(),
      z
        .string()
        .regex(/^\s*\d{0,6}\s*$/)
        .transform((text) => (text.trim() === '' ? null : Number(text))),
    ])
    .nullish()
    .transform((version) => version ?? 1),
});
export type SocketHandshake = z.output<typeof SocketHandshake>;
export type SocketHandshakeInput = z.input<typeof SocketHandshake>;

/**
 * "Something in `collection` changed, up to `seq`": the only socket event. It carries no
 * documents and no verdicts: a device whose last pull already reached `seq` ignores it, the
 * others pull. Pokes are coalesced on the server, so a burst of writes rings one pull.
 */
export const Poke = z.strictObject({ collection: SyncCollection, seq: Checkpoint.shape.seq });
export type Poke = z.infer<typeof Poke>;

export interface ServerToClientEvents {
  /** Sent to the sockets whose scope holds the change (a device's movements: that device only). */
  poke: (poke: Poke) => void;
  /** Sent to every socket just before a draining server closes it (SIGTERM): the app says "server restarting". */
  restarting: (info: { reason: 'server_restarting' }) => void;
}

export type ClientToServerEvents = Record<string, never>;

/** Socket.IO's handshake error message when the token is missing, bad or expired. */
export const SOCKET_AUTH_ERROR = 'unauthorized';

/**
 * The handshake error message when the user already holds as many live sockets on that server
 * as it allows (`data: { code: 'too_many_sockets', limit }`). The token is fine: the client
 * keeps it and syncs over HTTP; closing another window or device frees a socket.
 */
export const SOCKET_LIMIT_ERROR = 'too_many_sockets';

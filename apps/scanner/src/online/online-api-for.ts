import { HttpClient } from '@stockline/replica';
import { loadSession } from '../session/session-store';
import { OnlineApi } from './online-api';

/** An import dry run or a backup can take the server a while: longer than a sync page. */
const ONLINE_TIMEOUT_MS = 60_000;

/**
 * The online API for a signed-in server. The token is read from the stored session on each
 * call, so a sign-in after an expiry is picked up without rebuilding anything.
 */
export function onlineApiFor(serverUrl: string, deviceId: string): OnlineApi {
  return new OnlineApi(
    new HttpClient({ serverUrl, token: () => loadSession()?.token ?? '', timeoutMs: ONLINE_TIMEOUT_MS }),
    deviceId,
  );
}

import { loadSession } from '../session/session-store';
import { OfficeApi } from './office-api';
import { OfficeHttp } from './office-http';

/**
 * The office's client for a signed-in server. The token is read from the stored session on each
 * call, so a sign-in after an expiry is picked up without rebuilding anything.
 */
export function officeApiFor(serverUrl: string): OfficeApi {
  return new OfficeApi(new OfficeHttp(serverUrl, () => loadSession()?.token ?? ''));
}

import { login, RequestFailed } from '@stockline/replica';
import type { LoginResponse } from '@stockline/protocol';
import { i18n } from '../i18n/i18n';

export class LoginError extends Error {}

/** Signs in over the device's HTTP client; failures come back as sentences for the sign-in form. */
export async function requestLogin(serverUrl: string, username: string, password: string): Promise<LoginResponse> {
  try {
    return await login(serverUrl, username, password);
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
    throw new LoginError(loginMessage(err, serverUrl));
  }
}

function loginMessage(err: RequestFailed, serverUrl: string): string {
  if (err.code === 'network') return i18n.t('session.unreachable', { url: serverUrl });
  if (err.code === 'unreadable') return i18n.t('session.notUnderstood');
  if (err.status === 401) return i18n.t('session.wrongPassword');
  if (err.status === 429) return i18n.t('session.tooMany');
  return err.serverMessage ?? i18n.t('session.failedHttp', { status: err.status });
}

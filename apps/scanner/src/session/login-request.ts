import { i18n } from '../i18n/i18n';
import { API_PREFIX, ErrorBody, LoginResponse } from '@stockline/protocol';

export class LoginError extends Error {}

/** Logs in over HTTP; errors come back as sentences for the login form. */
export async function requestLogin(serverUrl: string, username: string, password: string): Promise<LoginResponse> {
  let res: Response;
  try {
    res = await fetch(`${serverUrl}${API_PREFIX}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    throw new LoginError(i18n.t('session.unreachable', { url: serverUrl }));
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const parsed = LoginResponse.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new LoginError(i18n.t('session.notUnderstood'));
  }
  if (res.status === 401) throw new LoginError(i18n.t('session.wrongPassword'));
  if (res.status === 429) throw new LoginError(i18n.t('session.tooMany'));
  const err = ErrorBody.safeParse(body);
  throw new LoginError(err.success ? err.data.error.message : i18n.t('session.failedHttp', { status: res.status }));
}

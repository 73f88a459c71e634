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
    throw new LoginError(`Cannot reach the server at ${serverUrl}. Check the address and the network.`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const parsed = LoginResponse.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new LoginError('The server answered in a way this app does not understand. Is the address right?');
  }
  if (res.status === 401) throw new LoginError('Wrong user name or password.');
  if (res.status === 429) throw new LoginError('Too many attempts. Wait a minute and try again.');
  const err = ErrorBody.safeParse(body);
  throw new LoginError(err.success ? err.data.error.message : `Login failed (HTTP ${res.status}).`);
}

import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import { askNotificationPermission } from '../platform/notify';
import { AppVersion } from '../platform/AppVersion';
import { BarcodeIcon } from '../ui/icons';
import { defaultServerUrl, normalizeServerUrl } from './default-server-url';
import { LoginError, requestLogin } from './sign-in';
import { lastLogin, type Session } from './session-store';

export interface LoginScreenProps {
  onLogin: (session: Session) => void;
  /** Why the login is shown again, e.g. an expired session. */
  notice?: string | undefined;
  /** Prefills after an expiry: the same server and user. */
  serverUrl?: string | undefined;
  username?: string | undefined;
}

/** Server address, user name and password. The address defaults to the server of this page. */
export function LoginScreen({ onLogin, notice, serverUrl, username }: LoginScreenProps) {
  const { t } = useTranslation();
  const previous = lastLogin();
  const [server, setServer] = useState(serverUrl ?? previous?.serverUrl ?? defaultServerUrl());
  const [user, setUser] = useState(username ?? previous?.username ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const url = normalizeServerUrl(server);
      const res = await requestLogin(url, user.trim(), password);
      // Managers get low-stock notifications; browsers allow asking only right after a click.
      if (res.user.role !== 'clerk') askNotificationPermission();
      onLogin({ serverUrl: url, token: res.token, user: res.user });
    } catch (err) {
      setError(err instanceof LoginError ? err.message : t('login.failed'));
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-heading">
        <div className="brand brand-large">
          <BarcodeIcon className="brand-mark" />
          Stockline
        </div>
        <h1 id="login-heading">{t('login.heading')}</h1>
        {notice && (
          <p className="message message-warn" role="status">
            {notice}
          </p>
        )}
        <label>
          {t('login.server')}
          <input
            value={server}
            onChange={(e) => setServer(e.target.value)}
            inputMode="url"
            autoComplete="url"
            required
            name="server"
          />
        </label>
        <label>
          {t('login.username')}
          <input
            value={user}
            onChange={(e) => setUser(e.target.value)}
            autoComplete="username"
            autoCapitalize="none"
            required
            name="username"
            autoFocus={!user}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
            name="password"
            autoFocus={!!user}
          />
        </label>
        {error && (
          <p className="message message-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-wide" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <AppVersion />
      </form>
    </main>
  );
}

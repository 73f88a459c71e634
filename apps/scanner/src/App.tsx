import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginScreen } from './session/LoginScreen';
import { ReplicaGate } from './session/ReplicaGate';
import { clearSession, loadSession, saveSession, type Session } from './session/session-store';
import { Shell } from './shell/Shell';

/**
 * Sign-in, then the app. The session lives in localStorage so a restart (even offline) opens
 * straight into the app; a token the server no longer accepts brings the sign-in back over it.
 */
export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const login = (next: Session) => {
    saveSession(next);
    setNotice(undefined);
    setSession(next);
  };
  const logout = () => {
    clearSession();
    setSession(null);
  };

  if (!session) return <LoginScreen onLogin={login} notice={notice} />;
  return (
    <ReplicaGate
      session={session}
      onFailed={(message) => {
        setNotice(t('shell.dataNotOpened', { message }));
        logout();
      }}
    >
      {(replica, status) =>
        status.auth === 'ok' ? (
          <Shell status={status} onLogout={logout} serverUrl={session.serverUrl} />
        ) : (
          <LoginScreen
            notice={status.auth === 'expired' ? t('shell.sessionExpired') : t('shell.accountRefused')}
            serverUrl={session.serverUrl}
            username={session.user.username}
            onLogin={(next) => {
              if (next.user.id === session.user.id && next.serverUrl === session.serverUrl) {
                saveSession(next);
                replica.setToken(next.token);
              } else login(next);
            }}
          />
        )
      }
    </ReplicaGate>
  );
}

import { useEffect, useState } from 'react';
import { desktopBridge } from './bridge';

/** "Desktop app 0.1.0" under the sign-in form on the desktop; nothing in a browser. */
export function AppVersion() {
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => {
    void desktopBridge()
      ?.appVersion()
      .then(setVersion)
      .catch(() => undefined);
  }, []);
  return version ? <p className="muted app-version">Desktop app {version}</p> : null;
}

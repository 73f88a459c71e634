import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { desktopBridge } from './bridge';

/** "Desktop app 0.1.0" under the sign-in form on the desktop; nothing in a browser. */
export function AppVersion() {
  const { t } = useTranslation();
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => {
    void desktopBridge()
      ?.appVersion()
      .then(setVersion)
      .catch(() => undefined);
  }, []);
  return version ? <p className="muted app-version">{t('update.desktopVersion', { version })}</p> : null;
}

import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import { reloadIntoUpdate, UPDATE_READY_EVENT } from './app-update';

/**
 * Offers a reload when a new version of the app was installed in the background. Never reloads
 * by itself: a clerk may be in the middle of a count (which is kept anyway, but still).
 */
export function UpdateBanner() {
  const { t } = useTranslation();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const on = () => setReady(true);
    window.addEventListener(UPDATE_READY_EVENT, on);
    return () => window.removeEventListener(UPDATE_READY_EVENT, on);
  }, []);
  if (!ready) return null;
  return (
    <div className="update-banner" role="status">
      <span>{t('update.ready')}</span>
      <button type="button" className="btn btn-small btn-primary" onClick={reloadIntoUpdate}>
        {t('update.reloadNow')}
      </button>
    </div>
  );
}

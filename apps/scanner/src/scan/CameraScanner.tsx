import { useTranslation } from 'react-i18next';
import { useEffect, useRef, useState } from 'react';
import { startCameraScan } from './camera';

/** A live camera view that reports the first code it reads, then closes. */
export function CameraScanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const done = useRef(false);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    const el = video.current;
    if (!el) return;
    startCameraScan(el, (code) => {
      if (done.current) return;
      done.current = true;
      onCode(code);
      onClose();
    })
      .then((s) => (cancelled ? s() : (stop = s)))
      .catch(() => setError(t('scan.cameraFailed')));
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [onCode, onClose, t]);

  return (
    <div className="camera" role="dialog" aria-label={t('scan.cameraDialog')}>
      <video ref={video} className="camera-video" muted playsInline />
      {error && <p className="message message-error">{error}</p>}
      <button type="button" className="btn btn-secondary" onClick={onClose}>
        {t('scan.closeCamera')}
      </button>
    </div>
  );
}

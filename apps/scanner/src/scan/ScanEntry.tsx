import { useTranslation } from 'react-i18next';
import { useCallback, useState, type FormEvent, memo } from 'react';
import { CameraIcon } from '../ui/icons';
import { CameraScanner } from './CameraScanner';
import { cameraAvailable } from './camera';
import { WEDGE_OWNER_ATTR } from './use-wedge';

/**
 * Manual code entry and, where the device has one, the camera. A hand scanner needs neither.
 * What is typed may be a code or a few words of a name (`onTyped`); the camera reads codes only.
 */
export const ScanEntry = memo(function ScanEntry({
  onTyped,
  onScanned,
}: {
  onTyped: (text: string) => void;
  onScanned: (code: string) => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [camera, setCamera] = useState(false);
  const closeCamera = useCallback(() => setCamera(false), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = code.trim();
    if (!trimmed) return;
    onTyped(trimmed);
    setCode('');
  };

  return (
    <div className="scan-entry">
      <form className="code-form" onSubmit={submit} {...{ [WEDGE_OWNER_ATTR]: '' }}>
        <label htmlFor="code-input" className="code-label">
          {t('scan.entryLabel')}
        </label>
        <div className="code-row">
          <input
            id="code-input"
            className="code-input"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="search"
            placeholder={t('scan.placeholder')}
          />
          <button type="submit" className="btn btn-primary">
            {t('scan.find')}
          </button>
          {cameraAvailable() && (
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => setCamera(true)}
              aria-label={t('scan.cameraButton')}
            >
              <CameraIcon /> <span className="camera-text">{t('scan.camera')}</span>
            </button>
          )}
        </div>
      </form>
      {camera && <CameraScanner onCode={onScanned} onClose={closeCamera} />}
    </div>
  );
});

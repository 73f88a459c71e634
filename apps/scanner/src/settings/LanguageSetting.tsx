import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n/i18n';
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from '../i18n/languages';

/** The interface language on this device; the browser's own language until someone picks one. */
export function LanguageSetting() {
  const { t } = useTranslation();
  return (
    <div className="panel" role="group" aria-labelledby="language-heading">
      <h3 id="language-heading">{t('settings.language.heading')}</h3>
      <label className="field">
        <span>{t('settings.language.label')}</span>
        <select
          value={currentLanguage()}
          onChange={(e) => {
            if (isLanguage(e.target.value)) void setLanguage(e.target.value);
          }}
        >
          {LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">{t('settings.language.hint')}</p>
    </div>
  );
}

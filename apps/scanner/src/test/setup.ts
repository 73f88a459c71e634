import { configure } from '@testing-library/react';

// Component tests share two cores with the rest of the suite in CI; a screen that answers in
// 1.5 s there is slow, not broken. The default of 1 s made such waits fail at random.
configure({ asyncUtilTimeout: 5_000 });

// The interface texts, as the app loads them; jsdom's browser language is English.
import '../i18n/i18n';

// The screen shown lives in the URL's hash; jsdom keeps one URL per test file, so each test
// starts on the app's own first screen (files that run in Node have no window to reset).
import { beforeEach } from 'vitest';
beforeEach(() => {
  if (typeof window !== 'undefined') window.history.replaceState(null, '', '/');
});

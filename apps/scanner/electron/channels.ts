/** IPC channel names shared by the main process and the preload; nothing else crosses. */
export const CHANNEL = {
  appVersion: 'stockline:app-version',
  notify: 'stockline:notify',
} as const;

/** Passed from main to the preload on the renderer's command line. */
export const SERVER_URL_ARG = '--stockline-server-url=';

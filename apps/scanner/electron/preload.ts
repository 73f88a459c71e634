import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL, SERVER_URL_ARG } from './channels';

/**
 * The whole surface the renderer gets from the desktop shell (see src/platform/bridge.ts):
 * a native notification, the app version, and the configured server URL. Nothing else.
 */
const serverUrl = process.argv.find((a) => a.startsWith(SERVER_URL_ARG))?.slice(SERVER_URL_ARG.length) ?? null;

contextBridge.exposeInMainWorld('stockline', {
  isDesktop: true,
  serverUrl,
  appVersion: (): Promise<string> => ipcRenderer.invoke(CHANNEL.appVersion) as Promise<string>,
  notify: (title: string, body: string): void => ipcRenderer.send(CHANNEL.notify, String(title), String(body)),
});

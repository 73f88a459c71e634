import {
  BrowserWindow,
  Menu,
  Notification,
  app,
  ipcMain,
  session,
  shell,
  type MenuItemConstructorOptions,
} from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNEL, SERVER_URL_ARG } from './channels';
import { withBundledPolicy } from './content-policy';
import { viewMenu } from './menu';
import { isAllowedNavigation } from './navigation';
import { permissionGranted } from './permissions';
import { resolveServerUrl } from './settings';

/**
 * The desktop shell: one window showing the same renderer as the web app, either from the
 * files built next to it or from a sync server (STOCKLINE_SERVER_URL or --server-url=...).
 * The renderer gets no Node access; the preload exposes notifications and the version only.
 */

/** --server-url=... or STOCKLINE_SERVER_URL on this start, else the one kept from an earlier start. */
function configuredServerUrl(): string | null {
  const fromArg = process.argv.find((a) => a.startsWith('--server-url='))?.slice('--server-url='.length);
  return resolveServerUrl(join(app.getPath('userData'), 'settings.json'), fromArg ?? process.env.STOCKLINE_SERVER_URL);
}

const serverUrl = configuredServerUrl();
/** What the window shows: the server's app, or the bundled one. Navigation and permissions are judged against it. */
const bundledPage = join(app.getAppPath(), 'dist', 'index.html');
const home = serverUrl ? serverUrl + '/' : pathToFileURL(bundledPage).href;
let mainWindow: BrowserWindow | null = null;

/** The shell's guards (pure functions, unit-tested), installed on the session every window uses. */
function guardSession(): void {
  const ses = session.defaultSession;
  // Judged by the frame that asks (an embedded frame is not the app), not the window's page.
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(permissionGranted({ permission, requestingUrl: details.requestingUrl, mediaTypes }, home));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionGranted(
      {
        permission,
        requestingUrl: details.requestingUrl ?? requestingOrigin,
        mediaTypes: details.mediaType ? [details.mediaType] : undefined,
      },
      home,
    ),
  );
  // A page from file:// gets no headers from anyone: the shell gives it its policy.
  ses.webRequest.onHeadersReceived({ urls: ['file://*/*'] }, (details, callback) =>
    callback({ responseHeaders: withBundledPolicy(details.url, details.responseHeaders ?? {}) }),
  );
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 360,
    minHeight: 480,
    title: 'Stockline',
    backgroundColor: '#0f2a44',
    show: false,
    webPreferences: {
      // Bundled as CommonJS: sandboxed preloads cannot be ES modules.
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      spellcheck: false,
      additionalArguments: serverUrl ? [SERVER_URL_ARG + serverUrl] : [],
      devTools: !app.isPackaged,
      webviewTag: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Links to other sites open in the system browser, never inside the app.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // Neither a link, a script, nor a server redirect takes the window off the app's own page or origin.
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, home)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, home)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  if (serverUrl) void win.loadURL(home);
  else void win.loadFile(bundledPage);
  return win;
}

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [{ role: 'reload' }, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }],
    },
    { role: 'editMenu' },
    viewMenu(app.isPackaged),
    {
      label: 'Help',
      submenu: [
        {
          label: `Stockline ${app.getVersion()}`,
          enabled: false,
        },
        ...(serverUrl ? [{ label: `Server: ${serverUrl}`, enabled: false }] : []),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

if (!app.requestSingleInstanceLock()) {
  // A second launch only brings the running window forward (see 'second-instance').
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  ipcMain.handle(CHANNEL.appVersion, () => app.getVersion());
  ipcMain.on(CHANNEL.notify, (_event, title: unknown, body: unknown) => {
    if (typeof title !== 'string' || typeof body !== 'string' || !Notification.isSupported()) return;
    new Notification({ title: title.slice(0, 200), body: body.slice(0, 1000) }).show();
  });

  void app.whenReady().then(() => {
    guardSession();
    Menu.setApplicationMenu(buildMenu());
    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = null));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

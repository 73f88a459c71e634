import type { MenuItemConstructorOptions } from 'electron';

/**
 * The View menu. DevTools only in a development run (not packaged): in the shipped app they
 * would let anyone at a shared scanner station read the bearer token and the local database.
 * Pure (a type import only), so it is unit-tested without Electron.
 */
export function viewMenu(packaged: boolean): MenuItemConstructorOptions {
  const items: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (!packaged) items.push({ role: 'toggleDevTools' });
  return { label: 'View', submenu: items };
}

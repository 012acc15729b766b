import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/contract';

/**
 * The application menu. Undo and Redo act on Parley's own history (every change to the data,
 * across restarts); the page decides, because it knows whether a text field has focus, in which
 * case they undo typing as usual. Cut, copy and paste keep their standard roles.
 */
export function buildMenu(isMac: boolean, send: (command: MenuCommand) => void): Menu {
  const command = (
    label: string,
    name: MenuCommand,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(name),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        command('New Negotiation', 'new-negotiation', 'CmdOrCtrl+N'),
        command('Import Negotiation…', 'import'),
        { type: 'separator' },
        command('Print…', 'print', 'CmdOrCtrl+P'),
        { type: 'separator' },
        command('Backups…', 'backups'),
        command('Settings…', 'settings', 'CmdOrCtrl+,'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        command('Undo', 'undo', 'CmdOrCtrl+Z'),
        command('Redo', 'redo', isMac ? 'Shift+Cmd+Z' : 'Ctrl+Shift+Z'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'pasteAndMatchStyle' },
        { role: 'delete' },
        { type: 'separator' },
        { role: 'selectAll' },
        { type: 'separator' },
        command('Search…', 'search', 'CmdOrCtrl+F'),
      ],
    },
    {
      label: 'View',
      submenu: [
        command('Go To…', 'switcher', 'CmdOrCtrl+K'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        command('Keyboard Shortcuts', 'shortcuts'),
        { type: 'separator' },
        command('Export Diagnostics…', 'diagnostics'),
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

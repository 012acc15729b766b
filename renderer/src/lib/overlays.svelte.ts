/** The app-wide dialogs opened from the keyboard or the menu. */
class Overlays {
  switcher = $state(false);
  shortcuts = $state(false);
  search = $state(false);
  /** The menu asked to import a file: the library offers its Import button. */
  importFile = $state(false);
}

export const overlays = new Overlays();

/** Whether keys typed now go into a text field (where Ctrl+Z is the field's own undo). */
export function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['checkbox', 'radio', 'color', 'button'].includes(target.type)
  );
}

export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'Ctrl+F', what: 'Search every position, red line, source and round' },
  { keys: 'Ctrl+K', what: 'Jump to any negotiation, round or issue' },
  { keys: 'Ctrl+Z', what: 'Undo the last change (in a text field: undo typing)' },
  { keys: 'Ctrl+Shift+Z  or  Ctrl+Y', what: 'Redo' },
  { keys: '?', what: 'Show these shortcuts' },
  { keys: 'Tab / Shift+Tab', what: 'Move between fields and buttons' },
  { keys: 'Enter', what: 'Open a position for editing; press a focused button' },
  { keys: 'Ctrl+Enter', what: 'Save a new position or red line' },
  { keys: 'Esc', what: 'Close a dialog or stop editing a position' },
  { keys: 'Alt+↑ / Alt+↓', what: 'Move a focused party, person, issue or round up or down' },
];

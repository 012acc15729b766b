// The window's right-click menu, as every desktop app has: cut, copy, paste and select all where
// they apply, and the spell-checker's suggestions where it found a misspelt word.
import { Menu, type MenuItemConstructorOptions, type WebContents } from 'electron';

export function attachContextMenu(contents: WebContents): void {
  contents.on('context-menu', (_event, params) => {
    const items: MenuItemConstructorOptions[] = [];
    for (const suggestion of params.dictionarySuggestions.slice(0, 6)) {
      items.push({ label: suggestion, click: () => contents.replaceMisspelling(suggestion) });
    }
    if (params.misspelledWord) {
      items.push({
        label: 'Add to Dictionary',
        click: () => contents.session.addWordToSpellCheckerDictionary(params.misspelledWord),
      });
    }
    if (items.length) items.push({ type: 'separator' });
    const { editFlags, isEditable, selectionText } = params;
    if (isEditable) items.push({ role: 'cut', enabled: editFlags.canCut });
    if (isEditable || selectionText) items.push({ role: 'copy', enabled: editFlags.canCopy });
    if (isEditable) items.push({ role: 'paste', enabled: editFlags.canPaste });
    if (isEditable || selectionText) {
      items.push({ type: 'separator' }, { role: 'selectAll', enabled: editFlags.canSelectAll });
    }
    if (items.length) Menu.buildFromTemplate(items).popup();
  });
}

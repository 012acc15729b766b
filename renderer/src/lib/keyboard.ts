// App-wide keys and menu commands. In a text field Ctrl+Z stays the field's own undo; elsewhere
// it undoes the last change to the data.
import { on } from './api';
import { overlays, typingInField } from './overlays.svelte';
import { undoController } from './undo.svelte';
import { router, href } from './router.svelte';
import { briefingDialog } from './briefing.svelte';
import { toasts } from './toast.svelte';
import { diagnostics } from './diagnostics';

/** Ctrl+P and File → Print: the open brief's preview, the only thing Parley prints. */
function printBrief(fromMenu: boolean): boolean {
  if (briefingDialog.print) {
    briefingDialog.print();
    return true;
  }
  if (fromMenu)
    toasts.show('Open a brief’s preview (Brief… on a round or a negotiation) to print it.');
  return false;
}

function undoOrRedo(direction: 'undo' | 'redo', target: EventTarget | null): void {
  if (typingInField(target)) {
    // The menu's Undo in a text field behaves as the keyboard's does there.
    document.execCommand(direction);
    return;
  }
  void (direction === 'undo' ? undoController.undo() : undoController.redo());
}

export function installKeyboard(): void {
  window.addEventListener('keydown', (event) => {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === 'k') {
      event.preventDefault();
      overlays.switcher = true;
      return;
    }
    // The menu's accelerator catches Ctrl+P in the desktop app; in a browser, a preview open
    // prints the brief, and otherwise the browser prints the page as usual.
    if (mod && key === 'p' && !event.altKey && !event.shiftKey) {
      if (printBrief(false)) event.preventDefault();
      return;
    }
    if (mod && key === 'f' && !event.altKey) {
      event.preventDefault();
      overlays.search = true;
      return;
    }
    if (mod && (key === 'z' || key === 'y') && !event.altKey) {
      if (typingInField(event.target)) return;
      event.preventDefault();
      undoOrRedo(key === 'y' || event.shiftKey ? 'redo' : 'undo', event.target);
      return;
    }
    if (event.key === '?' && !mod && !typingInField(event.target)) {
      event.preventDefault();
      overlays.shortcuts = true;
    }
  });

  on('menu:command', ({ command }) => {
    if (command === 'undo' || command === 'redo') undoOrRedo(command, document.activeElement);
    else if (command === 'switcher') overlays.switcher = true;
    else if (command === 'search') overlays.search = true;
    else if (command === 'backups') router.go(href.backups());
    else if (command === 'settings') router.go(href.settings());
    else if (command === 'import') {
      overlays.importFile = true;
      router.go(href.library());
    } else if (command === 'shortcuts') overlays.shortcuts = true;
    else if (command === 'new-negotiation') router.go(href.newNegotiation());
    else if (command === 'print') printBrief(true);
    else if (command === 'diagnostics') void diagnostics();
  });
}

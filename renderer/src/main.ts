import './lib/zodSetup';
import { mount } from 'svelte';
import App from './App.svelte';
import { installKeyboard } from './lib/keyboard';
import { recoverDrafts } from './lib/save.svelte';
import { toasts } from './lib/toast.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element.');

// Edits an earlier page could not finish saving are stored before anything is shown.
const problems = await recoverDrafts();
installKeyboard();
mount(App, { target });
for (const problem of problems) toasts.error(`An unsaved edit could not be restored: ${problem}`);

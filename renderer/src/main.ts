import './lib/zodSetup';
import { mount } from 'svelte';
import App from './App.svelte';
import { installKeyboard } from './lib/keyboard';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element.');

// Edits an earlier page could not finish saving are stored once the library is open (App).
installKeyboard();
mount(App, { target });

import './lib/zodSetup';
import { mount } from 'svelte';
import App from './App.svelte';
import { askEarly } from './lib/api';
import { installKeyboard } from './lib/keyboard';
import { parseRoute } from './lib/routes';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element.');

// Edits an earlier page could not finish saving are stored once the library is open (App).
installKeyboard();
// A negotiation opened by its address (a reload, a page reopened after a crash) is read at once,
// beside the script's start and the library's state.
const route = parseRoute(location.hash);
if (route.name === 'negotiation') askEarly('negotiations:get', { id: route.id });
mount(App, { target });

// `npm run web -- [--db PATH] [--port N] [--key-file PATH]`: build if needed, then serve the app
// to a browser through the loopback binding (see main/web/main.ts), in a process of its own
// started with the flags a data host needs (web-binding.mjs).
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from './build-if-needed.mjs';
import { startWebBinding } from './web-binding.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
buildIfNeeded(root);
const binding = startWebBinding(root, process.argv.slice(2), 'inherit');
// `close`: its last line ("database closed") is printed before this process ends.
binding.on('close', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));

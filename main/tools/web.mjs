// `npm run web -- [--db PATH] [--port N]`: build if needed, then serve the app to a browser
// through the loopback binding (see main/web/main.ts).
import { fileURLToPath } from 'node:url';
import { buildIfNeeded } from './build-if-needed.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
buildIfNeeded(root);
await import(new URL('../../out/main/web.js', import.meta.url).href);

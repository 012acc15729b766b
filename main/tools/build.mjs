// `npm run build`: build main, preload and renderer into out/, and stamp them, so `npm start` and
// `npm run web` right after do not build again.
import { fileURLToPath } from 'node:url';
import { build } from './build-if-needed.mjs';

build(fileURLToPath(new URL('../../', import.meta.url)));

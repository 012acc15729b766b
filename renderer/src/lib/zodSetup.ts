import { z } from 'zod';

// Zod compiles fast validators with `new Function` unless told not to, and decides when each
// schema is built. The page's Content-Security-Policy forbids eval, so this module must be
// imported before any schema: main.ts imports it first.
z.config({ jitless: true });

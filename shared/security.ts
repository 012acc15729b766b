// The Content-Security-Policy for every page of the app, in Electron and through the web
// binding alike: our own scripts and styles only, no eval, no remote origins, no plugins, no
// framing. Data reaches the page only through the app's own origin.
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // Briefing previews are the app's own documents, shown in a sandboxed frame.
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** For the page's <meta> tag (which cannot carry frame-ancestors). */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

/** For HTTP response headers, which can also forbid framing. */
export const CONTENT_SECURITY_POLICY_HEADER = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/**
 * For a briefing document shown in the preview frame: its own inline styles, nothing else,
 * and no scripts at all. Only the app itself may frame it.
 */
export const BRIEFING_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

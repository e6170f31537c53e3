/**
 * The page's Content-Security-Policy. A notebook is someone else's text, so no inline
 * script may run whatever slips into the page: scripts and workers come from the page's
 * own origin only. Inline styles are allowed because CodeMirror and Svelte set them.
 * One definition serves the built page's <meta> tag and the preview server's header.
 */
const directives: [string, string][] = [
  ["default-src", "'self'"],
  ["script-src", "'self'"],
  ["worker-src", "'self' blob:"],
  ["style-src", "'self' 'unsafe-inline'"],
  ["img-src", "'self' data: blob:"],
  ["font-src", "'self'"],
  ["connect-src", "'self'"],
  ["object-src", "'none'"],
  ["base-uri", "'none'"],
  ["form-action", "'none'"],
  ["frame-src", "'none'"],
];

/** The policy as a <meta http-equiv> tag may carry it. */
export const CSP_META = directives.map(([k, v]) => `${k} ${v}`).join("; ");

/** The policy as an HTTP header: also forbids framing the page, which a <meta> tag cannot. */
export const CSP_HEADER = `${CSP_META}; frame-ancestors 'none'`;

/**
 * The renderer's Content-Security-Policy. renderer/index.html carries the same text in its meta tag (a test
 * keeps them equal); the app:// resolver also sends it as a header, with what only a header can say.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

export const CSP_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/**
 * The app's own origin. The renderer is served from a privileged custom scheme (not file://, where the
 * built page's crossorigin module scripts are blocked once the file-protocol fuse is off), on one host.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'hangar';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Is `url` the app's page `appUrl`? Scheme, host (with port) and path must be equal — the query and the
 * hash (the router's) may differ. `app://other/index.html`, `app://hangar/index.html.evil` and any other
 * file are not the app's page. Percent-encoding is compared as the URL parser leaves it.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let u: URL;
  let a: URL;
  try {
    u = new URL(url);
    a = new URL(appUrl);
  } catch {
    return false;
  }
  if (u.username || u.password) return false;
  return u.protocol === a.protocol && u.host === a.host && u.pathname === a.pathname;
}

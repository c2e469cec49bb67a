import type { Protocol } from 'electron';
import { APP_SCHEME } from '../core/protocol/app-url';
import { resolveAppRequest } from '../core/protocol/resolve';

/**
 * app:// is a standard (real origin, relative URLs), secure (like https) scheme that fetch() may use.
 * Must run before the app is ready.
 */
/** codeCache: V8 keeps the compiled scripts of app:// between launches (the renderer's ~1.5 MB need not be compiled again). */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
}

/** Serves app:// from the built renderer folder through the core's resolver (404 for anything else). */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const res = await resolveAppRequest(request.url, rendererDir, request.method);
    return new Response(res.status === 200 && request.method === 'HEAD' ? null : new Uint8Array(res.body), { status: res.status, headers: res.headers });
  });
}

import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { APP_ORIGIN } from '../electron/main/core/protocol/app-url';
import { resolveAppRequest } from '../electron/main/core/protocol/resolve';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer on loopback through the app:// resolver Electron uses: a request for
 * http://127.0.0.1:<port>/<path> is answered exactly as app://hangar/<path> would be (same files, types,
 * CSP header, 404s). Chromium does not let Playwright route a custom scheme (navigating to app:// aborts),
 * so the harness gets the app's resolver on an http origin instead.
 */
export async function serveApp(root: string): Promise<StaticServer> {
  if (!existsSync(path.join(root, 'index.html'))) {
    throw new Error(`${path.relative(process.cwd(), root) || root}/index.html is missing: run npm run build first`);
  }
  const server: Server = createServer((req, res) => {
    resolveAppRequest(`${APP_ORIGIN}${req.url ?? '/'}`, root, req.method).then(
      (answer) => {
        res.writeHead(answer.status, answer.headers).end(answer.body);
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The name the harness and the browser app import. */
export const serveStatic = serveApp;

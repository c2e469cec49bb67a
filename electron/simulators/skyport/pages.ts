import type { SimReply } from '../kit/server';

/** Non-JSON answers the real panel (Express 4) gives, byte for byte where it matters. */

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Express' `res.send(string)` labels any string text/html, even a plain sentence. */
export function sendText(status: number, body: string, headers?: Record<string, string>): SimReply {
  return { status, html: body, headers };
}

/** finalhandler's page for an unmatched route or an error passed to next(). */
export function expressErrorPage(status: number, message: string): SimReply {
  const body = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${escapeHtml(message)}</pre>\n</body>\n</html>\n`;
  return {
    status,
    html: body,
    headers: { 'content-security-policy': "default-src 'none'", 'x-content-type-options': 'nosniff' },
  };
}

/** The panel's catch-all `app.get('*')` renders its 404 view without setting a status: 200. */
export function panelNotFoundPage(panelName: string): SimReply {
  const name = escapeHtml(panelName);
  const body = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>${name} - 404</title>
  <link rel="stylesheet" href="/assets/tailwind.css">
</head>
<body class="bg-neutral-950">
  <main class="flex h-screen items-center justify-center">
    <div class="text-center">
      <h1 class="text-6xl font-semibold text-white">404</h1>
      <p class="mt-4 text-neutral-400">Sorry, we couldn't find the page you're looking for.</p>
      <a href="/" class="mt-6 inline-block text-white">Go back home</a>
    </div>
  </main>
</body>
</html>
`;
  return { status: 200, html: body };
}

import { bearer, json, Router, type SimRequest } from '../kit/server';
import type { ZestyAuthService } from './auth';

/**
 * Auth API under `/auth`:
 * - POST /auth/login — multipart/form-data `email`, `password` → 200 `{ code, message, meta: { token, userZUID, expiresAt } }`;
 *   401 wrong email/password; 403 once 5 attempts failed (locked); 400 for any other body type (JSON included).
 * - GET /auth/verify — Bearer token → 200 valid (session or access token) / 401.
 * - POST /auth/logout — ends the Bearer session → 200.
 * Auth answers are `{ code, message, meta? }` (no `_meta`/`data` envelope).
 */
export function authRoutes(router: Router, auth: ZestyAuthService): void {
  router.post('/auth/login', (req) => {
    const type = String(req.headers['content-type'] ?? '');
    if (!/multipart\/form-data/i.test(type) || req.bodyError) {
      return json(400, { code: 400, message: 'Login expects a multipart/form-data body with the fields email and password' });
    }
    const { email, password } = (req.body ?? {}) as Record<string, string | undefined>;
    if (!email || !password) return json(400, { code: 400, message: 'Missing email or password' });
    const result = auth.login(email, password);
    if (result.status !== 200) return json(result.status, { code: result.status, message: result.message });
    return json(200, {
      code: 200,
      message: 'Logged in',
      meta: { token: result.token, userZUID: result.userZUID, expiresAt: result.expiresAt },
    });
  });

  router.get('/auth/verify', (req) => verify(req, auth));

  router.post('/auth/logout', (req) => {
    const token = bearer(req);
    if (!token || !auth.logout(token)) return json(401, { code: 401, message: 'Unauthorized: no such session' });
    return json(200, { code: 200, message: 'Logged out' });
  });
}

function verify(req: SimRequest, auth: ZestyAuthService) {
  const who = auth.authenticate(bearer(req));
  if ('error' in who) return json(401, { code: 401, message: who.error });
  return json(200, { code: 200, message: 'Valid token', meta: { userZUID: who.userZUID, type: who.kind } });
}

import { bearer, type Handler, type SimReply, type SimRequest } from '../kit/server';
import type { Principal, ZestyAuthService } from './auth';
import { ApiRefusal } from './content';
import { failure } from './envelope';

/** Runs a handler with the caller's identity (authenticated in the server's `before`) and answers an ApiRefusal. */
export function guarded(auth: ZestyAuthService, h: (req: SimRequest, who: Principal) => SimReply): Handler {
  return (req) => {
    const who = auth.identify(bearer(req));
    if (!who) return failure(401, 'Unauthorized: invalid token');
    try {
      return h(req, who);
    } catch (e) {
      if (e instanceof ApiRefusal) return failure(e.status, e.message);
      throw e;
    }
  };
}

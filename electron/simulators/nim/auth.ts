import { basicAuth, bearer, type SimReply, type SimRequest } from '../kit/server';

export interface NimCredentials {
  username: string;
  password: string;
  token: string;
}

/** Like the bundled proxy's static 401.json: a JSON body and the auth-mode header. */
export function checkNimAuth(req: SimRequest, creds: NimCredentials): SimReply | undefined {
  const header = String(req.headers.authorization ?? '');
  if (!header) return unauthorized('no credentials were sent; use Basic authentication or a Bearer token');
  const basic = basicAuth(req);
  if (basic) {
    if (basic.user === creds.username && basic.pass === creds.password) return undefined;
    return unauthorized('invalid username or password');
  }
  const token = bearer(req);
  if (token !== undefined) {
    if (token === creds.token) return undefined;
    return unauthorized('the access token is invalid or expired');
  }
  return unauthorized('unsupported Authorization scheme');
}

function unauthorized(why: string): SimReply {
  return {
    status: 401,
    json: { code: 401, message: `Unauthorized: ${why}` },
    headers: { 'www-authenticate': 'Basic realm="NGINX Management Suite"', 'nginx-management-suite-auth': 'Basic' },
  };
}

/** nginx `limit_req` (rate 20 r/s, burst 20, nodelay) as a token bucket. */
export class RateLimiter {
  enabled: boolean;
  private tokens: number;
  private last = Date.now();

  constructor(
    enabled: boolean,
    private readonly ratePerSec = 20,
    private readonly burst = 20,
  ) {
    this.enabled = enabled;
    this.tokens = burst;
  }

  /** The 429 page nginx sends when over the limit, or undefined when the request may pass. */
  check(now = Date.now()): SimReply | undefined {
    if (!this.enabled) return undefined;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSec);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    return {
      status: 429,
      html: '<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    };
  }

  reset(): void {
    this.tokens = this.burst;
    this.last = Date.now();
  }
}

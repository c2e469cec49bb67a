import { randomBytes } from 'node:crypto';

/** Failed logins allowed before the account locks (the 5th failure locks it; later attempts get 403). */
export const MAX_FAILED_LOGINS = 5;
export const DEFAULT_SESSION_TTL_MS = 30 * 60_000;
const ACCESS_TOKEN_TTL_MS = 90 * 24 * 60 * 60_000;

export type Principal = { kind: 'session' | 'access'; userZUID: string; token: string };

export interface AccessTokenRecord {
  ZUID: string;
  name: string;
  roleZUID: string;
  createdByUserZUID: string;
  createdAt: string;
  updatedAt: string;
  expiry: string;
}

export type LoginResult =
  | { status: 200; token: string; userZUID: string; expiresAt: string }
  | { status: 401 | 403; message: string };

export interface ZestyAuthOptions {
  email: string;
  password: string;
  userZUID: string;
  sessionTtlMs: number;
  now: () => number;
}

/**
 * The Auth API's state: one user, their sessions (sliding expiry: every authenticated call
 * extends the session by sessionTtlMs), access tokens (fixed 90-day expiry) and the lockout.
 */
export class ZestyAuthService {
  private sessions = new Map<string, { userZUID: string; expiresAt: number }>();
  private accessTokens = new Map<string, AccessTokenRecord>();
  private failedLogins = 0;

  constructor(private readonly o: ZestyAuthOptions) {}

  get userZUID(): string {
    return this.o.userZUID;
  }

  get locked(): boolean {
    return this.failedLogins >= MAX_FAILED_LOGINS;
  }

  login(email: string, password: string): LoginResult {
    const sameUser = email.trim().toLowerCase() === this.o.email.toLowerCase();
    if (sameUser && this.locked) {
      return {
        status: 403,
        message: `Account locked after ${MAX_FAILED_LOGINS} failed login attempts. Reset your password to unlock it.`,
      };
    }
    if (!sameUser || password !== this.o.password) {
      if (sameUser) this.failedLogins++;
      return { status: 401, message: 'Invalid email or password' };
    }
    this.failedLogins = 0;
    const token = randomBytes(20).toString('hex');
    const expiresAt = this.o.now() + this.o.sessionTtlMs;
    this.sessions.set(token, { userZUID: this.o.userZUID, expiresAt });
    return { status: 200, token, userZUID: this.o.userZUID, expiresAt: new Date(expiresAt).toISOString() };
  }

  logout(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** Resolves a bearer token; a live session is extended (sliding expiry). */
  authenticate(token: string | undefined): Principal | { error: string } {
    if (!token) return { error: 'Unauthorized: send Authorization: Bearer <token>' };
    const now = this.o.now();
    const session = this.sessions.get(token);
    if (session) {
      if (session.expiresAt <= now) {
        this.sessions.delete(token);
        return { error: 'Unauthorized: the session expired after inactivity; log in again' };
      }
      session.expiresAt = now + this.o.sessionTtlMs;
      return { kind: 'session', userZUID: session.userZUID, token };
    }
    const access = this.accessTokens.get(token);
    if (access) {
      if (Date.parse(access.expiry) <= now) return { error: 'Unauthorized: the access token expired' };
      return { kind: 'access', userZUID: access.createdByUserZUID, token };
    }
    return { error: 'Unauthorized: invalid token' };
  }

  /** Who a token belongs to, without extending anything (the request was authenticated already). */
  identify(token: string | undefined): Principal | undefined {
    if (!token) return undefined;
    const session = this.sessions.get(token);
    if (session) return { kind: 'session', userZUID: session.userZUID, token };
    const access = this.accessTokens.get(token);
    return access ? { kind: 'access', userZUID: access.createdByUserZUID, token } : undefined;
  }

  addAccessToken(token: string, record: Omit<AccessTokenRecord, 'expiry' | 'createdAt' | 'updatedAt'>): AccessTokenRecord {
    const at = new Date(this.o.now()).toISOString();
    const full = { ...record, createdAt: at, updatedAt: at, expiry: new Date(this.o.now() + ACCESS_TOKEN_TTL_MS).toISOString() };
    this.accessTokens.set(token, full);
    return full;
  }

  newAccessTokenValue(): string {
    return randomBytes(24).toString('hex');
  }

  listAccessTokens(): AccessTokenRecord[] {
    return [...this.accessTokens.values()];
  }

  findAccessToken(tokenZUID: string): AccessTokenRecord | undefined {
    return this.listAccessTokens().find((t) => t.ZUID === tokenZUID);
  }

  renewAccessToken(tokenZUID: string): AccessTokenRecord | undefined {
    const t = this.findAccessToken(tokenZUID);
    if (!t) return undefined;
    t.expiry = new Date(this.o.now() + ACCESS_TOKEN_TTL_MS).toISOString();
    t.updatedAt = new Date(this.o.now()).toISOString();
    return t;
  }

  revokeAccessToken(tokenZUID: string): boolean {
    for (const [value, t] of this.accessTokens) if (t.ZUID === tokenZUID) return this.accessTokens.delete(value);
    return false;
  }

  /** Admin: ends every session at once (as if the user stayed idle past the TTL). */
  expireSessions(): number {
    const n = this.sessions.size;
    this.sessions.clear();
    return n;
  }

  /** Admin: clears the lockout (a password reset). */
  unlock(): void {
    this.failedLogins = 0;
  }
}

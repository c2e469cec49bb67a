import { randomBytes } from 'node:crypto';

export interface IssuedToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  userName: string;
  userId: string;
  subscriptionId: string;
  securityStamp: string;
  hostURL: string;
  '.issued': string;
  '.expires': string;
}

/** Bearer tokens the simulator handed out, each valid for `ttlSec` seconds of real time. */
export class TokenIssuer {
  private readonly live = new Map<string, number>();
  private issuedCount = 0;

  constructor(
    private readonly ttlSec: number,
    private readonly now: () => number = Date.now,
  ) {}

  get issued(): number {
    return this.issuedCount;
  }

  issue(user: { userName: string; userId: string; subscriptionId: string; securityStamp: string; hostURL: string }): IssuedToken {
    const issuedAt = this.now();
    const expiresAt = issuedAt + this.ttlSec * 1000;
    const token = randomBytes(48).toString('base64url');
    this.prune(issuedAt);
    this.live.set(token, expiresAt);
    this.issuedCount++;
    return {
      access_token: token,
      token_type: 'bearer',
      expires_in: this.ttlSec,
      ...user,
      '.issued': new Date(issuedAt).toUTCString(),
      '.expires': new Date(expiresAt).toUTCString(),
    };
  }

  isValid(token: string | undefined): boolean {
    if (!token) return false;
    const expiresAt = this.live.get(token);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Invalidates every token (a password change, a server restart): the next call gets 401. */
  revokeAll(): void {
    this.live.clear();
  }

  private prune(now: number): void {
    if (this.live.size < 1000) return;
    for (const [t, exp] of this.live) if (exp <= now) this.live.delete(t);
  }
}

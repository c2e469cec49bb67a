import { HangarError } from '../../../../../shared/errors';
import type { AuthHook, HttpResponse } from '../../http/client';
import type { Redactor } from '../../util/redact';

export interface KiandaCredentials {
  username: string;
  password: string;
  subscriptionId: string;
}

export interface KiandaGrant {
  accessToken: string;
  userName: string;
  subscriptionId: string;
  /** ms since the epoch, on the caller's clock. */
  expiresAt: number;
  obtainedAt: number;
}

/** Renew this long before the token runs out (capped at half its lifetime for very short tokens). */
export const RENEW_MARGIN_MS = 30_000;
/** A 401 right after a renewal is not worth another sign-in. */
const FRESH_MS = 2_000;

/**
 * Kianda's password grant: POST /token (form: username, password, scope = subscription id,
 * grant_type=password). The token is cached, renewed shortly before it expires, and once on a 401.
 * Concurrent callers share one sign-in.
 */
export class KiandaSession implements AuthHook {
  private grant: KiandaGrant | undefined;
  private pending: Promise<KiandaGrant> | undefined;
  private signIns = 0;

  constructor(
    private readonly creds: KiandaCredentials,
    /** Sends the token form anonymously; answers 400 as a response, not an error. */
    private readonly postToken: (form: Record<string, string>) => Promise<HttpResponse>,
    private readonly redactor: Redactor,
    private readonly now: () => number,
  ) {}

  /** How many times this session signed in (tests and diagnostics). */
  get signInCount(): number {
    return this.signIns;
  }

  async apply(headers: Record<string, string>): Promise<void> {
    headers.authorization = `Bearer ${(await this.current()).accessToken}`;
  }

  async renew(): Promise<boolean> {
    if (this.pending) {
      await this.pending;
      return true;
    }
    if (this.grant && this.now() - this.grant.obtainedAt < FRESH_MS) return true;
    this.grant = undefined;
    await this.current();
    return true;
  }

  /** A token good for at least the renewal margin, signing in when needed. */
  async current(): Promise<KiandaGrant> {
    const g = this.grant;
    if (g && this.now() < g.expiresAt - Math.min(RENEW_MARGIN_MS, (g.expiresAt - g.obtainedAt) / 2)) return g;
    this.pending ??= this.signIn().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async signIn(): Promise<KiandaGrant> {
    const { username, password, subscriptionId } = this.creds;
    const res = await this.postToken({ username, password, scope: subscriptionId, grant_type: 'password' });
    const body = (res.body && typeof res.body === 'object' ? res.body : {}) as Record<string, unknown>;
    if (res.status !== 200) {
      const reason = [body.error_description, body.error].filter((s) => typeof s === 'string' && s).join(' — ');
      throw new HangarError('AUTH', this.redactor.redact(`Kianda refused the sign-in for ${username}: ${reason || `HTTP ${res.status}`}`), {
        status: res.status,
        retryable: false,
      });
    }
    const token = body.access_token;
    if (typeof token !== 'string' || !token || String(body.token_type ?? '').toLowerCase() !== 'bearer') {
      throw new HangarError('BAD_RESPONSE', 'Kianda answered /token without a bearer access_token');
    }
    this.redactor.add(token);
    const ttlSec = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 299;
    const obtainedAt = this.now();
    this.signIns++;
    this.grant = {
      accessToken: token,
      userName: typeof body.userName === 'string' ? body.userName : username,
      subscriptionId: typeof body.subscriptionId === 'string' ? body.subscriptionId : subscriptionId,
      obtainedAt,
      expiresAt: obtainedAt + ttlSec * 1000,
    };
    return this.grant;
  }
}

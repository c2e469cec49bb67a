import { HangarError } from '../../../../../shared/errors';
import type { AuthHook, HttpResponse } from '../../http/client';
import type { Redactor } from '../../util/redact';
import { zestyMessage } from './errors';

/**
 * A 401 this soon after a sign-in may come from a call sent with the previous token; the new one
 * is checked (GET /verify) before signing in yet again.
 */
const FRESH_MS = 2_000;

/**
 * Zesty's session sign-in: POST {authUrl}/login with multipart `email`, `password`; the token is at
 * `meta.token`. The token is kept and sent as Bearer; a 401 signs in again once. Concurrent
 * callers share one sign-in. A refused password is not tried again (five failures lock the
 * account): the account must be edited, which builds a new session.
 */
export class ZestySession implements AuthHook {
  private token: string | undefined;
  private obtainedAt = 0;
  private pending: Promise<string> | undefined;
  private refusal: HangarError | undefined;
  private logins = 0;

  constructor(
    private readonly email: string,
    private readonly password: string,
    /** Posts the multipart form anonymously; 400, 401 and 403 come back as responses. */
    private readonly postLogin: (form: Record<string, string>) => Promise<HttpResponse>,
    /** True when the Auth API still accepts the token. */
    private readonly verify: (token: string) => Promise<boolean>,
    private readonly redactor: Redactor,
    private readonly now: () => number,
  ) {}

  /** How many times this session signed in (tests and diagnostics). */
  get loginCount(): number {
    return this.logins;
  }

  async apply(headers: Record<string, string>): Promise<void> {
    headers.authorization = `Bearer ${await this.current()}`;
  }

  async renew(): Promise<boolean> {
    if (this.pending) {
      await this.pending;
      return true;
    }
    const token = this.token;
    if (token && this.now() - this.obtainedAt < FRESH_MS && (await this.verify(token).catch(() => false))) return true;
    if (this.token === token) this.token = undefined;
    await this.current();
    return true;
  }

  private current(): Promise<string> {
    if (this.refusal) return Promise.reject(this.refusal);
    if (this.token) return Promise.resolve(this.token);
    this.pending ??= this.login().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async login(): Promise<string> {
    if (!this.email || !this.password) {
      throw new HangarError('AUTH', 'This Zesty account has no email or password stored; edit the account and enter them', {
        retryable: false,
      });
    }
    this.logins++;
    const res = await this.postLogin({ email: this.email, password: this.password });
    const serverSays = zestyMessage(res.body);
    const detail = serverSays ? ` (Zesty: ${this.redactor.redact(serverSays)})` : '';
    if (res.status === 401) {
      throw this.refuse(
        new HangarError(
          'AUTH',
          `Zesty refused the email or password for ${this.email}${detail}. Hangar will not retry it, because five failed sign-ins lock the account; edit the account with the right password.`,
          { status: 401, retryable: false },
        ),
      );
    }
    if (res.status === 403) {
      throw this.refuse(
        new HangarError(
          'FORBIDDEN',
          `Zesty has locked the account ${this.email} after too many failed sign-ins${detail}. Reset the password at Zesty, then update this account.`,
          { status: 403, retryable: false },
        ),
      );
    }
    if (res.status === 400) {
      throw new HangarError('VALIDATION', `Zesty refused the sign-in request${detail}`, { status: 400, retryable: false });
    }
    const token = (res.body as { meta?: { token?: unknown } } | null)?.meta?.token;
    if (typeof token !== 'string' || !token) {
      throw new HangarError(
        'BAD_RESPONSE',
        'Zesty answered the sign-in without a session token (meta.token). Accounts with two-factor authentication cannot sign in with a password: use an access token instead.',
        { status: res.status },
      );
    }
    this.redactor.add(token);
    this.token = token;
    this.obtainedAt = this.now();
    return token;
  }

  private refuse(e: HangarError): HangarError {
    this.refusal = e;
    return e;
  }
}

/** An access token from the keychain, sent as Bearer; nothing to renew. */
export class ZestyAccessToken implements AuthHook {
  constructor(private readonly token: string) {}

  async apply(headers: Record<string, string>): Promise<void> {
    if (!this.token) {
      throw new HangarError('AUTH', 'This Zesty account has no access token stored; edit the account and enter it', { retryable: false });
    }
    headers.authorization = `Bearer ${this.token}`;
  }
}

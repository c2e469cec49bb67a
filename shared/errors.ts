/** Error codes shared by main, preload, renderer and CLI. */
export const ERROR_CODES = [
  'VALIDATION',
  'AUTH',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'OFFLINE',
  'TIMEOUT',
  'TLS',
  'SERVER',
  'BAD_RESPONSE',
  'UNSUPPORTED',
  'KEYCHAIN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  status?: number;
  details?: unknown;
  retryable?: boolean;
}

/** Every call over the contract resolves to one of these (Electron only carries `message` on a rejected invoke). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** The one error class core code throws; anything else reaching the dispatcher is INTERNAL. */
export class HangarError extends Error {
  readonly code: ErrorCode;
  readonly status?: number;
  readonly details?: unknown;
  readonly retryable?: boolean;

  constructor(code: ErrorCode, message: string, extra: Omit<ErrorInfo, 'code' | 'message'> = {}) {
    super(message);
    this.name = 'HangarError';
    this.code = code;
    this.status = extra.status;
    this.details = extra.details;
    this.retryable = extra.retryable ?? isRetryableCode(code);
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.status !== undefined) info.status = this.status;
    if (this.details !== undefined) info.details = this.details;
    if (this.retryable !== undefined) info.retryable = this.retryable;
    return info;
  }
}

export function isRetryableCode(code: ErrorCode): boolean {
  return code === 'OFFLINE' || code === 'TIMEOUT' || code === 'RATE_LIMITED' || code === 'SERVER';
}

export function isHangarError(e: unknown): e is HangarError {
  return e instanceof HangarError;
}

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(error: ErrorInfo): Envelope<never> {
  return { ok: false, error };
}

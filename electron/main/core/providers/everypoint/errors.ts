import { HangarError, type ErrorCode } from '../../../../../shared/errors';
import { codeForStatus, type ErrorReader, type HttpResponse } from '../../http/client';

/**
 * EveryPoint's documented error codes → shared codes. The HTTP status refines two of them, because the
 * API reuses a code for different situations: 1003 with 409 is a taken name, 2001 with 403 is the
 * protected default instance.
 */
export function codeForEveryPointError(apiCode: number, status: number): ErrorCode {
  switch (apiCode) {
    case 1000:
    case 1001:
      return 'AUTH';
    case 1002:
      return 'NOT_FOUND';
    case 1003:
      return status === 409 ? 'CONFLICT' : 'VALIDATION';
    case 1004:
      return 'UNSUPPORTED';
    case 1005:
    case 2006:
    case 2007:
    case 2008:
    case 2010:
      return 'VALIDATION';
    case 2000:
    case 2009:
      return 'CONFLICT';
    case 2001:
      return status === 403 ? 'FORBIDDEN' : 'NOT_FOUND';
    case 2003:
    case 2004:
      return 'NOT_FOUND';
    case 2005:
      return 'SERVER';
    default:
      return status >= 400 ? codeForStatus(status) : 'SERVER';
  }
}

interface FailureEnvelope {
  success: false;
  code?: unknown;
  message?: unknown;
}

function isFailure(body: unknown): body is FailureEnvelope {
  return !!body && typeof body === 'object' && (body as { success?: unknown }).success === false;
}

function describeFailure(body: FailureEnvelope): string {
  const msg = typeof body.message === 'string' && body.message ? body.message : 'request refused';
  return typeof body.code === 'number' ? `${msg} (EveryPoint error ${body.code})` : msg;
}

/** Reads `{success:false, code, message}` from a non-2xx answer. */
export const readEveryPointError: ErrorReader = (res) => {
  if (!isFailure(res.body)) return undefined;
  const apiCode = typeof res.body.code === 'number' ? res.body.code : -1;
  return { code: codeForEveryPointError(apiCode, res.status), message: describeFailure(res.body) };
};

/**
 * The `data` of a success envelope. A `{success:false}` body is an error even with status 200;
 * anything else that is not `{success:true, data:{…}}` is BAD_RESPONSE.
 */
export function unwrapEnvelope(res: HttpResponse, what: string, redact: (s: string) => string): Record<string, unknown> {
  const body = res.body;
  if (isFailure(body)) {
    const apiCode = typeof body.code === 'number' ? body.code : -1;
    throw new HangarError(codeForEveryPointError(apiCode, res.status), redact(`EveryPoint refused ${what}: ${describeFailure(body)}`), {
      status: res.status,
    });
  }
  const data = body && typeof body === 'object' ? (body as { success?: unknown; data?: unknown }) : undefined;
  if (!data || data.success !== true || !data.data || typeof data.data !== 'object') {
    throw new HangarError('BAD_RESPONSE', `EveryPoint answered ${what} without a {success:true, data} envelope`, { status: res.status });
  }
  return data.data as Record<string, unknown>;
}

import type { ErrorReader } from '../../http/client';

/**
 * NIM answers API errors as `{code, message}` (sometimes with `details`); the front proxy's 401/403/502
 * come from static JSON files of the same shape, its 429 is nginx's HTML page (left to the client's
 * default description).
 */
export const readNimError: ErrorReader = (res) => {
  const b = res.body as { code?: unknown; message?: unknown; details?: unknown } | string;
  if (!b || typeof b !== 'object') return undefined;
  const message = typeof b.message === 'string' ? b.message : undefined;
  const details = typeof b.details === 'string' ? b.details : undefined;
  if (!message && !details) return undefined;
  return { message: [message, details].filter(Boolean).join(': ') };
};

import type { ErrorCode } from '../../shared/errors';

/** Distinct exit codes so scripts can tell failures apart without parsing messages. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  offline: 4,
  conflict: 5,
  notFound: 6,
  keychain: 7,
  unsupported: 8,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION':
      return EXIT.usage;
    case 'AUTH':
    case 'FORBIDDEN':
      return EXIT.auth;
    case 'OFFLINE':
    case 'TIMEOUT':
    case 'TLS':
      return EXIT.offline;
    case 'CONFLICT':
      return EXIT.conflict;
    case 'NOT_FOUND':
      return EXIT.notFound;
    case 'KEYCHAIN':
      return EXIT.keychain;
    case 'UNSUPPORTED':
      return EXIT.unsupported;
    default:
      return EXIT.failure;
  }
}

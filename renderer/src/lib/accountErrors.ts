import type { ApiError } from '../api/client';
import { fieldPath, visibleFields, type AccountFormState } from './accountForm';

const WORDS: Record<string, { title: string; hint: string }> = {
  AUTH: { title: 'Sign-in rejected', hint: 'The server refused these credentials. Check them and try again.' },
  FORBIDDEN: { title: 'Not allowed', hint: 'The credentials work but lack the permission Hangar needs.' },
  OFFLINE: { title: 'Server unreachable', hint: 'Check the address, the port and your network or VPN.' },
  TIMEOUT: { title: 'No answer in time', hint: 'The server did not answer; it may be overloaded or the address may be wrong.' },
  TLS: {
    title: 'Certificate not trusted',
    hint: 'Paste the server’s CA certificate below. Skipping verification is for test servers only.',
  },
  VALIDATION: { title: 'Check the highlighted fields', hint: '' },
  NOT_FOUND: { title: 'Not found', hint: 'The address answers, but not like this provider’s API. Check the URL and API prefix.' },
  BAD_RESPONSE: { title: 'Unexpected answer', hint: 'The server answered with something that is not this provider’s API.' },
  RATE_LIMITED: { title: 'Rate limited', hint: 'The server asks to slow down; try again in a moment.' },
  SERVER: { title: 'Server error', hint: 'The server failed to answer; try again later.' },
  CONFLICT: { title: 'Conflict', hint: '' },
  KEYCHAIN: { title: 'Keychain unavailable', hint: 'Hangar could not store the secret in the system keychain. Is it unlocked?' },
  UNSUPPORTED: { title: 'Not supported', hint: '' },
  INTERNAL: { title: 'Something went wrong', hint: 'This is a bug in Hangar.' },
};

export function describeError(code: string): { title: string; hint: string } {
  return WORDS[code] ?? { title: code, hint: '' };
}

/** Where on the form an error belongs, as `path → message` (VALIDATION per field; AUTH on the sign-in fields, …). */
export function fieldErrorsFor(error: ApiError, form: AccountFormState): Record<string, string> {
  switch (error.code) {
    case 'VALIDATION':
      return error.fieldErrors();
    case 'AUTH':
    case 'FORBIDDEN': {
      const out: Record<string, string> = {};
      for (const field of visibleFields(form).auth) out[fieldPath(field)] = 'Rejected by the server';
      return out;
    }
    case 'OFFLINE':
    case 'TIMEOUT':
    case 'NOT_FOUND':
    case 'BAD_RESPONSE':
      return { baseUrl: error.message };
    case 'TLS':
      return { 'tls.caPem': error.message };
    default:
      return {};
  }
}

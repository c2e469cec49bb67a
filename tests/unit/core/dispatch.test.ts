import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../shared/contract';
import { HangarError } from '../../../shared/errors';
import { createDispatch } from '../../../electron/main/core/dispatch';
import { createLogger } from '../../../electron/main/core/util/log';
import { Redactor } from '../../../electron/main/core/util/redact';

function dispatchWith(partial: Partial<Handlers>, lines: string[] = []) {
  const log = createLogger({ sink: (l) => lines.push(l), redactor: new Redactor() });
  return createDispatch(partial as Handlers, log);
}

describe('dispatch', () => {
  it('rejects a channel that is not in the contract', async () => {
    const res = await dispatchWith({})('accounts.steal', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('validates input against the channel schema before the handler runs', async () => {
    let called = false;
    const d = dispatchWith({
      'accounts.get': async () => {
        called = true;
        throw new Error('unreachable');
      },
    });
    const res = await d('accounts.get', { id: 42 });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('VALIDATION');
      expect(res.error.message).toContain('id');
    }
    expect(called).toBe(false);
  });

  it('wraps handler values and typed errors in the envelope', async () => {
    const d = dispatchWith({
      'app.ping': async () => ({ pong: true as const, at: 'now' }),
      'accounts.get': async () => {
        throw new HangarError('NOT_FOUND', 'No such account', { status: 404 });
      },
    });
    expect(await d('app.ping', undefined)).toEqual({ ok: true, value: { pong: true, at: 'now' } });
    expect(await d('accounts.get', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such account', status: 404, retryable: false },
    });
  });

  it('turns unexpected errors into INTERNAL without leaking their message', async () => {
    const lines: string[] = [];
    const d = dispatchWith(
      {
        'app.ping': async () => {
          throw new Error('db path /secret/place exploded');
        },
      },
      lines,
    );
    const res = await d('app.ping', {});
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Internal error in app.ping' } });
    expect(lines.join('\n')).toContain('exploded');
  });
});

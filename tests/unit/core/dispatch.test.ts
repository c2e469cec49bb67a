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

  describe('hostile values resolve to a VALIDATION envelope, never a rejected promise, and the handler never runs', () => {
    let calls = 0;
    const d = dispatchWith({
      'instances.query': async () => {
        calls++;
        return { total: 0, offset: 0, rows: [], asOf: null, stale: false };
      },
      'accounts.get': async () => {
        calls++;
        throw new Error('unreachable');
      },
    });
    const boom = () => {
      throw new Error('getter ran');
    };
    const cases: [string, unknown, unknown][] = [
      ['a channel whose toString throws', { toString: boom }, {}],
      ['a channel that is a Proxy', new Proxy({}, { get: boom }), {}],
      ['a channel with Symbol.toPrimitive', { [Symbol.toPrimitive]: boom }, {}],
      ['a payload with a throwing getter', 'accounts.get', Object.defineProperty({}, 'id', { get: boom, enumerable: true })],
      ['a payload with a harmless getter', 'accounts.get', Object.defineProperty({}, 'id', { get: () => 'x', enumerable: true })],
      ['a nested throwing getter', 'instances.query', { accountIds: Object.defineProperty([], '0', { get: boom, enumerable: true }) }],
      ['a Proxy payload that throws', 'accounts.get', new Proxy({ id: 'x' }, { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom })],
      ['a Proxy payload that behaves', 'accounts.get', new Proxy({ id: 'x' }, {})],
      ['a nested Proxy', 'instances.query', { accountIds: new Proxy(['a'], {}) }],
      ['a class instance', 'accounts.get', new (class Ref { id = 'x'; })()],
      ['a cycle', 'instances.query', (() => { const o: Record<string, unknown> = {}; o.self = o; return o; })()],
    ];
    for (const [what, channel, payload] of cases) {
      it(what, async () => {
        const res = await d(channel as string, payload);
        expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        expect(calls).toBe(0);
      });
    }
  });

  it('list filters have upper bounds', async () => {
    const d = dispatchWith({ 'instances.query': async () => ({ total: 0, offset: 0, rows: [], asOf: null, stale: false }) });
    expect((await d('instances.query', { statuses: Array(50).fill('running') })).ok).toBe(false);
    expect((await d('nodes.query', { environments: Array(50).fill('dev') })).ok).toBe(false);
    expect((await d('instances.query', { providers: Array(50).fill('nim') })).ok).toBe(false);
    expect((await d('instances.query', { accountIds: Array(501).fill('a') })).ok).toBe(false);
    expect((await d('instances.query', { statuses: ['running', 'suspended'], providers: ['nim'] })).ok).toBe(true);
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']));
    expect((await d('instances.act', { accountId: 'a', action: 'create', params: many })).ok).toBe(false);
  });
});

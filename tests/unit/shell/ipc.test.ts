import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../shared/contract';
import { createDispatch } from '../../../electron/main/core/dispatch';
import { createLogger, silentSink } from '../../../electron/main/core/util/log';
import { Redactor } from '../../../electron/main/core/util/redact';
import { Emitter } from '../../../electron/main/core/util/emitter';
import { forwardEvents, isTrustedSender, registerIpc } from '../../../electron/main/shell/ipc';
import type { Handlers } from '../../../shared/contract';
import type { HangarEvent } from '../../../shared/events';

const APP_URL = 'app://hangar/index.html';

/** A stand-in for Electron's ipcMain that records handlers, as the real one would hold them. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  return {
    handlers,
    handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  };
}

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

function setup() {
  const calls: unknown[] = [];
  const handlers = {
    'app.ping': async () => {
      calls.push('ping');
      return { pong: true, at: 'x' };
    },
    'accounts.get': async (input: unknown) => {
      calls.push(input);
      return { id: 'a' };
    },
  } as unknown as Handlers;
  const dispatch = createDispatch(handlers, createLogger({ sink: silentSink, redactor: new Redactor() }));
  const ipc = fakeIpcMain();
  const unregister = registerIpc(ipc as never, dispatch, APP_URL);
  return { ipc, calls, unregister };
}

describe('IPC registration', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('dispatches calls from the app frame', async () => {
    const { ipc, calls } = setup();
    const res = await ipc.handlers.get('accounts.get')!(frame(APP_URL), { id: 'a' });
    expect(res).toEqual({ ok: true, value: { id: 'a' } });
    expect(calls).toEqual([{ id: 'a' }]);
  });

  it('rejects a sender that is not the app page, before the handler runs', async () => {
    const { ipc, calls } = setup();
    for (const event of [
      frame('https://evil.example/index.html'),
      frame('file:///tmp/other.html'),
      frame('app://evil/index.html'),
      frame('app://hangar.evil/index.html'),
      frame('app://hangar/other.html'),
      frame('app://hangar/index.html.evil'),
      frame('app://hangar/x/%2e%2e/other.html'),
      frame('app://hangar%2f/index.html'),
      frame('file://hangar/index.html'),
      frame(APP_URL, { url: APP_URL }), // a subframe
      { senderFrame: null },
    ]) {
      const res = await ipc.handlers.get('app.ping')!(event, undefined);
      expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls).toEqual([]);
  });

  it('answers a bad payload with VALIDATION', async () => {
    const { ipc, calls } = setup();
    const res = await ipc.handlers.get('accounts.get')!(frame(APP_URL), { id: 7, extra: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(calls).toEqual([]);
  });

  it('trusts only the top frame of the app URL', () => {
    expect(isTrustedSender(frame(APP_URL) as never, APP_URL)).toBe(true);
    expect(isTrustedSender(frame(`${APP_URL}#/fleet`) as never, APP_URL)).toBe(true);
    expect(isTrustedSender(frame('file:///etc/passwd') as never, APP_URL)).toBe(false);
    expect(isTrustedSender(frame('app://other/index.html') as never, APP_URL)).toBe(false);
  });
});

describe('event forwarding', () => {
  it('sends core events to the live window only', () => {
    const events = new Emitter<HangarEvent>();
    const sent: unknown[] = [];
    let destroyed = false;
    const wc = { isDestroyed: () => destroyed, send: (ch: string, e: unknown) => sent.push([ch, e]) };
    const stop = forwardEvents(events, () => wc as never);
    events.emit({ type: 'accounts.changed' });
    destroyed = true;
    events.emit({ type: 'accounts.changed' });
    stop();
    destroyed = false;
    events.emit({ type: 'accounts.changed' });
    expect(sent).toEqual([['hangar:event', { type: 'accounts.changed' }]]);
  });
});

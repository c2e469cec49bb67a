import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HangarBridge } from '../../../shared/events';

const exposed: Record<string, unknown> = {};
const invoked: unknown[][] = [];
const listeners = new Map<string, ((...a: unknown[]) => void)[]>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return { ok: true, value: 'from-main' };
    },
    on: (ch: string, fn: (...a: unknown[]) => void) => listeners.set(ch, [...(listeners.get(ch) ?? []), fn]),
    removeListener: (ch: string, fn: (...a: unknown[]) => void) =>
      listeners.set(
        ch,
        (listeners.get(ch) ?? []).filter((f) => f !== fn),
      ),
  },
}));

describe('preload bridge', () => {
  beforeEach(async () => {
    invoked.length = 0;
    await import('../../../electron/preload/index');
  });

  it('exposes exactly invoke and onEvent as window.hangar', () => {
    expect(Object.keys(exposed)).toEqual(['hangar']);
    expect(Object.keys(exposed.hangar as object).sort()).toEqual(['invoke', 'onEvent']);
  });

  it('forwards contract channels and refuses others without calling main', async () => {
    const hangar = exposed.hangar as HangarBridge;
    expect(await hangar.invoke('accounts.list')).toEqual({ ok: true, value: 'from-main' });
    expect(await hangar.invoke('shell.openExternal', { url: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(invoked).toEqual([['accounts.list', undefined]]);
  });

  it('delivers events and unsubscribes', () => {
    const hangar = exposed.hangar as HangarBridge;
    const seen: unknown[] = [];
    const off = hangar.onEvent((e) => seen.push(e));
    for (const fn of listeners.get('hangar:event') ?? []) fn({}, { type: 'accounts.changed' });
    off();
    for (const fn of listeners.get('hangar:event') ?? []) fn({}, { type: 'accounts.changed' });
    expect(seen).toEqual([{ type: 'accounts.changed' }]);
  });
});

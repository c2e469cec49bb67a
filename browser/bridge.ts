import type { Page } from '@playwright/test';
import type { HangarEvent } from '../shared/events';
import type { Dispatch } from '../electron/main/core/dispatch';
import type { Emitter } from '../electron/main/core/util/emitter';

declare global {
  interface Window {
    __hangarInvoke?: (channel: string, input: unknown) => Promise<unknown>;
    __hangarEmit?: (event: unknown) => void;
  }
}

/**
 * The page side of the bridge: the same shape the preload exposes (HangarBridge). Kept as source text
 * because it runs in the page: a compiled function's text could name helpers (e.g. esbuild's __name)
 * that exist only in this process.
 */
const INSTALL_BRIDGE = `(() => {
  const listeners = new Set();
  const invoke = window.__hangarInvoke;
  window.__hangarEmit = (event) => {
    for (const listener of [...listeners]) {
      try { listener(event); } catch (e) { console.error('hangar event listener failed', e); }
    }
  };
  Object.defineProperty(window, 'hangar', {
    value: Object.freeze({
      invoke: (channel, input) => invoke(channel, input),
      onEvent: (listener) => { listeners.add(listener); return () => listeners.delete(listener); },
    }),
    writable: false,
    configurable: false,
  });
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)'));
  });
})();`;

/**
 * Gives the page `window.hangar` routed to a real core's dispatch — what the preload does in Electron.
 * `onCall` sees every call the page makes.
 */
export async function wireBridge(page: Page, dispatch: Dispatch, onCall?: (channel: string, input: unknown) => void): Promise<void> {
  await page.exposeBinding('__hangarInvoke', async (_source, channel: unknown, input: unknown) => {
    onCall?.(String(channel), input);
    // The envelope crosses into the page as JSON, exactly as IPC's structured clone would carry it.
    return JSON.parse(JSON.stringify(await dispatch(String(channel), input ?? undefined))) as unknown;
  });
  await page.addInitScript({ content: INSTALL_BRIDGE });
}

/** Forwards core events to the page in order, as IPC would. Returns a function that stops and drains. */
export function forwardEventsToPage(page: Page, events: Emitter<HangarEvent>): () => Promise<void> {
  let chain = Promise.resolve();
  const subscription = events.on((event) => {
    chain = chain.then(() =>
      page
        .evaluate((e) => window.__hangarEmit?.(e), JSON.parse(JSON.stringify(event)) as unknown)
        .catch(() => undefined),
    );
  });
  return async () => {
    subscription.dispose();
    await chain;
  };
}

/** Chromium switches for this machine's closed network (no background connections, no sandbox as root). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

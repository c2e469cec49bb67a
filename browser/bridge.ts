import type { CDPSession, Page } from '@playwright/test';
import type { HangarEvent } from '../shared/events';
import type { Dispatch } from '../electron/main/core/dispatch';
import type { Emitter } from '../electron/main/core/util/emitter';

const BINDING = '__hangarCall';

/**
 * The page side of the bridge: the same shape the preload exposes (HangarBridge). A call goes out as one
 * JSON string through a CDP binding and its envelope comes back as a JSON literal evaluated in the page —
 * one hop each way, JSON both ways, as IPC's structured clone would carry it. (Playwright's exposeBinding
 * did the same through its own protocol layers, at 4–5× the cost per call: more than Electron's IPC.)
 * Kept as source text because it runs in the page: a compiled function's text could name helpers (e.g.
 * esbuild's __name) that exist only in this process.
 */
const INSTALL_BRIDGE = `(() => {
  const send = window.${BINDING};
  delete window.${BINDING};
  const pending = new Map();
  let next = 0;
  const listeners = new Set();
  Object.defineProperty(window, '__hangarReply', {
    value: (id, envelope) => {
      const resolve = pending.get(id);
      pending.delete(id);
      if (resolve) resolve(envelope);
    },
  });
  Object.defineProperty(window, '__hangarEmit', {
    value: (event) => {
      for (const listener of [...listeners]) {
        try { listener(event); } catch (e) { console.error('hangar event listener failed', e); }
      }
    },
  });
  Object.defineProperty(window, 'hangar', {
    value: Object.freeze({
      invoke: (channel, input) => new Promise((resolve) => {
        const id = ++next;
        pending.set(id, resolve);
        send(JSON.stringify({ id, channel, input }));
      }),
      onEvent: (listener) => { listeners.add(listener); return () => listeners.delete(listener); },
    }),
    writable: false,
    configurable: false,
  });
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)'));
  });
})();`;

const sessions = new WeakMap<Page, CDPSession>();

interface BindingCall {
  name: string;
  payload: string;
  executionContextId: number;
}

/**
 * Gives the page `window.hangar` routed to a real core's dispatch — what the preload does in Electron.
 * `onCall` sees every call the page makes.
 */
export async function wireBridge(page: Page, dispatch: Dispatch, onCall?: (channel: string, input: unknown) => void): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  sessions.set(page, cdp);
  cdp.on('Runtime.bindingCalled', (call: BindingCall) => {
    if (call.name !== BINDING) return;
    let message: { id: number; channel: string; input?: unknown };
    try {
      message = JSON.parse(call.payload) as typeof message;
    } catch {
      return;
    }
    onCall?.(String(message.channel), message.input);
    void Promise.resolve()
      .then(() => dispatch(String(message.channel), message.input ?? undefined))
      .then((envelope) =>
        cdp.send('Runtime.evaluate', {
          // A string literal handed to JSON.parse: V8 reads it several times faster than the same JSON compiled
          // as an object literal.
          expression: `window.__hangarReply(${Number(message.id)}, JSON.parse(${JSON.stringify(JSON.stringify(envelope))}))`,
          contextId: call.executionContextId,
        }),
      )
      // The page navigated or closed before the answer: there is no one left to answer.
      .catch(() => undefined);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: BINDING });
  await page.addInitScript({ content: INSTALL_BRIDGE });
}

/** Forwards core events to the page in order, as IPC would. Returns a function that stops and drains. */
export function forwardEventsToPage(page: Page, events: Emitter<HangarEvent>): () => Promise<void> {
  let chain = Promise.resolve();
  const subscription = events.on((event) => {
    const cdp = sessions.get(page);
    const json = JSON.stringify(event);
    chain = chain.then(() =>
      (cdp
        ? cdp.send('Runtime.evaluate', { expression: `window.__hangarEmit && window.__hangarEmit(JSON.parse(${JSON.stringify(json)}))` })
        : page.evaluate((e) => (window as unknown as { __hangarEmit?: (e: unknown) => void }).__hangarEmit?.(e), JSON.parse(json) as unknown)
      ).then(
        () => undefined,
        () => undefined,
      ),
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

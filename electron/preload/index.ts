import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, isChannelName } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import type { HangarBridge, HangarEvent } from '../../shared/events';

/** window.hangar: invoke a contract channel, listen to events. Nothing else crosses the bridge. */
const bridge: HangarBridge = {
  invoke(channel: string, input?: unknown): Promise<Envelope<unknown>> {
    if (!isChannelName(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'VALIDATION', message: `Unknown channel "${channel}"` } });
    }
    return ipcRenderer.invoke(channel, input) as Promise<Envelope<unknown>>;
  },
  onEvent(listener: (event: HangarEvent) => void): () => void {
    const handler = (_e: IpcRendererEvent, event: HangarEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('hangar', bridge);

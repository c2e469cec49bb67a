import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNEL_NAMES, EVENT_CHANNEL } from '../../../shared/contract';
import { fail, type Envelope } from '../../../shared/errors';
import type { HangarEvent } from '../../../shared/events';
import type { Dispatch } from '../core/dispatch';
import type { Emitter } from '../core/util/emitter';
import { isAppUrl } from './security';

/** Only the app's own top frame may call main. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url, appUrl);
}

/** Registers one handler per contract channel (and nothing else); each checks the sender, then dispatches. */
export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, appUrl: string): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event, appUrl)) {
        return fail({ code: 'FORBIDDEN', message: 'Calls are accepted from the Hangar window only' });
      }
      return dispatch(channel, payload);
    });
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}

/** Forwards core events to the window on the one event channel. */
export function forwardEvents(events: Emitter<HangarEvent>, contents: () => WebContents | undefined): () => void {
  const sub = events.on((event) => {
    const wc = contents();
    if (wc && !wc.isDestroyed()) wc.send(EVENT_CHANNEL, event);
  });
  return () => sub.dispose();
}

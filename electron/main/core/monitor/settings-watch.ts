import type { Timer } from '../sync/timer';
import type { Disposable } from '../util/emitter';

/** How often the app looks for settings another process (the CLI, a second window) committed. */
export const SETTINGS_CHECK_MS = 2_000;

/**
 * Calls `check` every `everyMs` until disposed. The check the monitor hands in is `PRAGMA data_version`
 * (a few microseconds; it moves only when another connection commits) and reads the settings row only when
 * it moved, so looking every 2 s costs nothing measurable and a change reaches an open view within 2 s.
 */
export function watchSettings(check: () => void, timer: Timer, everyMs = SETTINGS_CHECK_MS, onError?: (e: unknown) => void): Disposable {
  let handle: unknown;
  let stopped = false;
  const loop = () => {
    handle = timer.setTimeout(() => {
      try {
        check();
      } catch (e) {
        onError?.(e);
      }
      if (!stopped) loop();
    }, everyMs);
  };
  loop();
  return {
    dispose: () => {
      stopped = true;
      if (handle !== undefined) timer.clearTimeout(handle);
      handle = undefined;
    },
  };
}

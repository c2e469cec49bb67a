/// <reference types="vite/client" />
import type { HangarBridge } from '../../shared/events';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the browser test harness; the renderer's only way out. */
    hangar?: HangarBridge;
  }
}

export {};

import os from 'node:os';

// A recorded stand-in for the parts of Electron main uses (tests/unit/shell/main-wiring.test.ts and
// built-main.test.ts); electron-updater gets the same object through require.cache.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Fn = (...args: any[]) => any;

export function createFakeElectron(options: { lock?: boolean; packaged?: boolean; userData: string; logs: string; appPath?: string }) {
  const log: string[] = [];
  const appHandlers = new Map<string, Fn[]>();
  let resolveReady!: () => void;
  const whenReady = new Promise<void>((r) => (resolveReady = r));
  const windows: any[] = [];
  const ipcHandlers = new Map<string, Fn>();
  const protocolHandlers = new Map<string, Fn>();
  const sessionHandlers: Record<string, Fn> = {};
  const errorBoxes: [string, string][] = [];
  let exited: (code: number) => void;
  const exit = new Promise<number>((r) => (exited = r));
  let quitted: () => void;
  const quit = new Promise<void>((r) => (quitted = r));

  const app = {
    isPackaged: options.packaged ?? true,
    enableSandbox: () => log.push('enableSandbox'),
    requestSingleInstanceLock: () => (log.push('requestSingleInstanceLock'), options.lock ?? true),
    releaseSingleInstanceLock: () => log.push('releaseSingleInstanceLock'),
    quit: () => (log.push('quit'), quitted()),
    exit: (code: number) => (log.push(`exit ${code}`), exited(code)),
    on: (name: string, fn: Fn) => appHandlers.set(name, [...(appHandlers.get(name) ?? []), fn]),
    whenReady: () => whenReady,
    getPath: (name: string) => ({ userData: options.userData, logs: options.logs })[name] ?? os.tmpdir(),
    getVersion: () => '1.2.3',
    getName: () => 'Hangar',
    setPath: (name: string, value: string) => log.push(`setPath ${name} ${value}`),
    getAppPath: () => options.appPath ?? os.tmpdir(),
    removeListener: (name: string, fn: Fn) => appHandlers.set(name, (appHandlers.get(name) ?? []).filter((f) => f !== fn)),
    once: (name: string, fn: Fn) => appHandlers.set(name, [...(appHandlers.get(name) ?? []), fn]),
  };
  class BrowserWindow {
    loaded: string[] = [];
    handlers = new Map<string, Fn>();
    webContents = { isDestroyed: () => false, send: () => undefined };
    constructor(readonly options: any) {
      windows.push(this);
    }
    on(name: string, fn: Fn) {
      this.handlers.set(name, fn);
    }
    once(name: string, fn: Fn) {
      this.handlers.set(name, fn);
    }
    removeListener(name: string, fn: Fn) {
      if (this.handlers.get(name) === fn) this.handlers.delete(name);
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    isMinimized = () => false;
    restore = () => undefined;
    focus = () => undefined;
    show = () => undefined;
  }
  const trays: { image: string; destroyed: boolean; menus: number }[] = [];
  class Tray {
    state = { image: '', destroyed: false, menus: 0 };
    constructor(image: { file: string }) {
      this.state.image = image.file;
      trays.push(this.state);
      log.push('Tray');
    }
    setImage(image: { file: string }) {
      this.state.image = image.file;
    }
    setToolTip() {}
    setContextMenu() {
      this.state.menus++;
    }
    on() {}
    destroy() {
      this.state.destroyed = true;
    }
  }
  class Notification {
    static isSupported = () => true;
    on() {}
    show() {}
  }
  const electron = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: unknown[]) => template },
    nativeImage: { createFromPath: (file: string) => ({ file }) },
    ipcMain: {
      handle: (ch: string, fn: Fn) => ipcHandlers.set(ch, fn),
      removeHandler: (ch: string) => ipcHandlers.delete(ch),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => log.push(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
      handle: (scheme: string, fn: Fn) => protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (sessionHandlers.request = fn),
        setPermissionCheckHandler: (fn: Fn) => (sessionHandlers.check = fn),
        setDevicePermissionHandler: (fn: Fn) => (sessionHandlers.device = fn),
      },
    },
    dialog: { showErrorBox: (title: string, text: string) => errorBoxes.push([title, text]) },
    nativeTheme: { shouldUseDarkColors: false },
    powerMonitor: { on: () => undefined, getSystemIdleTime: () => 0 },
    shell: { openPath: async (p: string) => (log.push(`openPath ${p}`), '') },
  };
  const fire = (name: string, ...args: unknown[]) => {
    for (const fn of appHandlers.get(name) ?? []) fn(...args);
  };
  return { electron, trays, log, appHandlers, fire, resolveReady, windows, ipcHandlers, protocolHandlers, sessionHandlers, errorBoxes, exit, quit };
}


import { z } from 'zod';
import { channel, noInput } from './define';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** Where the local cache and settings live. */
  dataDir: string;
  /** 'demo' when the built-in simulators back the accounts. */
  mode: 'normal' | 'demo';
  secretStore: string;
  /** The folder holding the log file (hangar.log, rotated to hangar.old.log). */
  logDir?: string;
  /** Set when the cache file was unreadable at start: it was moved aside and a fresh cache begun. */
  cacheRecovery?: { backupPath: string; reason: string; at: string };
}

export const appChannels = {
  'app.info': channel<AppInfo>()(noInput),
  'app.ping': channel<{ pong: true; at: string }>()(noInput),
  /** Opens the log folder in the system's file manager; answers the folder opened. */
  'app.openLogFolder': channel<{ path: string }>()(noInput),
} satisfies Record<string, { input: z.ZodType }>;

import { z } from 'zod';
import { channel, noInput } from './define';

export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

export type UpdatePhase =
  /** No updater here: a development build, the browser harness or the CLI (see `reason`). */
  | 'unsupported'
  | 'idle'
  | 'checking'
  | 'up-to-date'
  | 'available'
  | 'downloading'
  /** Downloaded: "Restart to update" installs it. */
  | 'ready'
  | 'error';

export interface UpdateStatus {
  phase: UpdatePhase;
  currentVersion: string;
  channel: UpdateChannel;
  /** Why updates are unsupported, or the last failure (checks and downloads never block the app). */
  reason?: string;
  lastCheck?: { at: string; ok: boolean; error?: string };
  /** The newer release, once a check found one. */
  available?: { version: string; releaseNotes: string; releaseDate?: string };
  /** Download progress, 0–100. */
  percent?: number;
}

export const updateChannels = {
  'updates.status': channel<UpdateStatus>()(noInput),
  /** Checks the feed now (answers the status after the check; a failed check is in `lastCheck`). */
  'updates.check': channel<UpdateStatus>()(noInput),
  /** Downloads the update a check found (the user asked for it). */
  'updates.download': channel<UpdateStatus>()(noInput),
  /** Quits and installs the downloaded update. */
  'updates.install': channel<UpdateStatus>()(noInput),
  /** Stable or beta releases; saved in the data folder, and checked again at once. */
  'updates.setChannel': channel<UpdateStatus>()(z.object({ channel: z.enum(UPDATE_CHANNELS) }).strict()),
} as const;

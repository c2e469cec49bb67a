import type { UpdateChannel } from '../../../../shared/contract/updates';

/** What a check found. */
export interface UpdateCheckResult {
  /** A release newer than the running version. */
  available: boolean;
  version?: string;
  releaseNotes?: string;
  releaseDate?: string;
}

/**
 * The updater the core drives (the shell wraps electron-updater in shell/updater.ts). Every method may
 * fail; the manager logs it and carries on.
 */
export interface UpdaterPort {
  check(channel: UpdateChannel): Promise<UpdateCheckResult>;
  /** Downloads the release the last check found; `onProgress` gets 0–100. */
  download(onProgress: (percent: number) => void): Promise<void>;
  /** Quits the app and installs the downloaded release. */
  install(): void;
}

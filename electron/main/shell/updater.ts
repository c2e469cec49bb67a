import electronUpdater, { type AppUpdater, type UpdateInfo } from 'electron-updater';
import type { UpdateChannel } from '../../../shared/contract/updates';
import type { UpdaterPort } from '../core/updates/port';

/** Where electron-updater's own log lines go (the core's logger, once it exists). */
export interface UpdaterLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The one module around electron-updater. The feed comes from the publish config electron-builder writes
 * into the package (resources/app-update.yml). Checks and downloads happen only when the core asks;
 * a downloaded update is also installed when the app quits.
 */
export function electronUpdaterPort(log: UpdaterLog, updater: AppUpdater = electronUpdater.autoUpdater): UpdaterPort {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = true;
  updater.logger = {
    info: (m?: unknown) => log.info(String(m)),
    warn: (m?: unknown) => log.warn(String(m)),
    error: (m?: unknown) => log.error(String(m)),
    debug: () => undefined,
  };
  return {
    async check(channel: UpdateChannel) {
      updater.allowPrerelease = channel === 'beta';
      updater.channel = channel === 'beta' ? 'beta' : 'latest';
      // Setting a channel allows downgrades; a stable user must not be moved back by an older release.
      updater.allowDowngrade = false;
      const result = await updater.checkForUpdates();
      if (!result) throw new Error('this installation cannot update itself (not an AppImage, deb, dmg or installer build)');
      const info = result.updateInfo;
      return {
        available: result.isUpdateAvailable,
        version: info.version,
        releaseNotes: releaseNotesText(info),
        ...(info.releaseDate ? { releaseDate: info.releaseDate } : {}),
      };
    },
    async download(onProgress) {
      const listener = (p: { percent: number }) => onProgress(p.percent);
      updater.on('download-progress', listener);
      try {
        await updater.downloadUpdate();
      } finally {
        updater.off('download-progress', listener);
      }
    },
    install() {
      updater.quitAndInstall();
    },
  };
}

/** Release notes as plain text (GitHub gives HTML; several releases come as a list). */
export function releaseNotesText(info: Pick<UpdateInfo, 'releaseNotes'>): string {
  const notes = info.releaseNotes;
  const text = Array.isArray(notes) ? notes.map((n) => `${n.version}: ${n.note ?? ''}`).join('\n\n') : (notes ?? '');
  return text
    .replace(/<\/(p|li|h\d)>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

import fs from 'node:fs';
import path from 'node:path';
import { UPDATE_CHANNELS, type UpdateChannel } from '../../../../shared/contract/updates';

export const UPDATE_SETTINGS_FILE = 'update-settings.json';

/** The update channel, kept in a small JSON file in the data folder (stable when absent or unreadable). */
export class UpdateSettings {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, UPDATE_SETTINGS_FILE);
  }

  channel(): UpdateChannel {
    try {
      const value = (JSON.parse(fs.readFileSync(this.file, 'utf8')) as { channel?: unknown }).channel;
      return UPDATE_CHANNELS.includes(value as UpdateChannel) ? (value as UpdateChannel) : 'stable';
    } catch {
      return 'stable';
    }
  }

  setChannel(channel: UpdateChannel): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify({ channel })}\n`);
    fs.renameSync(tmp, this.file);
  }
}

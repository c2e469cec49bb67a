import type { Command } from 'commander';
import { HangarError } from '../../../shared/errors';
import { CliError, type CliContext } from '../context';

/** A read of an entry that does not exist: answers null from a working store, fails fast from a broken one. */
const PROBE_ACCOUNT = 'hangar-info-probe';

export function registerAppCommands(program: Command, ctx: CliContext): void {
  program
    .command('info')
    .description('show the version, data folder and secret store in use, and check that the secret store answers')
    .action(async () => {
      const info = await ctx.call('app.info', {});
      let secretStoreError: { code: string; message: string } | undefined;
      try {
        await ctx.secretStore().get(PROBE_ACCOUNT);
      } catch (e) {
        secretStoreError = e instanceof HangarError ? e.toInfo() : { code: 'KEYCHAIN', message: e instanceof Error ? e.message : String(e) };
      }
      const answer = { ...info, secretStoreAnswers: !secretStoreError, ...(secretStoreError ? { secretStoreError } : {}) };
      ctx.print(answer, () =>
        [
          `Hangar ${info.version} (${info.platform})`,
          `data:    ${info.dataDir}`,
          `secrets: ${info.secretStore}${secretStoreError ? ` — NOT ANSWERING: ${secretStoreError.message}` : ' (answers)'}`,
        ].join('\n'),
      );
      if (secretStoreError) throw Object.assign(new CliError({ code: 'KEYCHAIN', message: secretStoreError.message }), { reported: true });
    });
}

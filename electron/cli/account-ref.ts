import type { Account } from '../../shared/model';
import { CliError, type CliContext } from './context';

/**
 * An account given on the command line by id or by name (names are unique, compared case-insensitively).
 * NOT_FOUND when neither matches.
 */
export async function resolveAccount(ctx: CliContext, ref: string): Promise<Account> {
  const byId = await ctx.getCore().dispatch('accounts.get', { id: ref });
  if (byId.ok) return byId.value as Account;
  if (byId.error.code !== 'NOT_FOUND') throw new CliError(byId.error);
  const wanted = ref.trim().toLowerCase();
  const matches = (await ctx.call('accounts.list', {})).filter((a) => a.name.toLowerCase() === wanted);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new CliError({ code: 'VALIDATION', message: `"${ref}" names ${matches.length} accounts; use an id: ${matches.map((a) => a.id).join(', ')}` });
  }
  throw new CliError({ code: 'NOT_FOUND', message: `No account with the id or name "${ref}" (hangar accounts list shows them)` });
}

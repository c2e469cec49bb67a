import type { Command } from 'commander';
import type { AccountSyncStatus, Page, Row } from '../../../shared/contract';
import { ENVIRONMENTS, INSTANCE_STATUSES, NODE_STATUSES, PROVIDER_IDS, type Account, type Instance, type NodeInfo } from '../../../shared/model';
import { resolveAccount } from '../account-ref';
import { collect } from '../args';
import { CliError, type CliContext } from '../context';
import { EXIT, exitCodeFor } from '../exit-codes';
import { table } from '../table';

/** A failure whose report was already printed: main() only turns it into the exit code. */
export class ReportedFailure extends CliError {
  readonly reported = true;
}

/** `hangar sync [--account A]`: refreshes the cache from the APIs and prints each account's outcome. */
export function registerSyncCommands(program: Command, ctx: CliContext): void {
  program
    .command('sync')
    .description('refresh the local cache from every account (or one); exits non-zero if any failed')
    .option('--account <account>', 'only this account (id or name)')
    .action(async (o: { account?: string }) => {
      const accountId = o.account ? (await resolveAccount(ctx, o.account)).id : undefined;
      const report = await ctx.call('sync.refresh', accountId ? { accountId } : {});
      const names = new Map((await ctx.call('accounts.list', {})).map((a) => [a.id, a.name]));
      ctx.print(report, () =>
        [
          table(
            ['ACCOUNT', 'STATE', 'INSTANCES', 'NODES', 'AS OF', 'ERROR'],
            report.accounts.map((s) => [names.get(s.accountId) ?? s.accountId, s.state, s.instanceCount, s.nodeCount, s.lastSuccessAt ?? 'never', s.error?.message]),
          ),
          `(${report.accounts.length} account${report.accounts.length === 1 ? '' : 's'} in ${report.durationMs} ms)`,
        ].join('\n'),
      );
      const failed = report.accounts.filter((s) => s.state !== 'ok' && s.state !== 'stale');
      if (failed.length > 0) {
        const codes = new Set(failed.map((s) => s.error?.code ?? 'INTERNAL'));
        const code = codes.size === 1 ? ([...codes][0] as Parameters<typeof exitCodeFor>[0]) : 'INTERNAL';
        throw new ReportedFailure(
          { code, message: `${failed.length} of ${report.accounts.length} accounts failed to sync` },
          codes.size === 1 ? exitCodeFor(code) : EXIT.failure,
        );
      }
    });
}

interface ListOptions {
  account?: string[];
  status?: string[];
  env?: string[];
  provider?: string[];
  search?: string;
  sort?: string;
  desc?: boolean;
  limit?: string;
  offset?: string;
  refresh?: boolean;
}

/** Adds `list` to `hangar instances` and `hangar nodes`: windowed queries answered from the cache. */
export function registerFleetListCommands(instances: Command, nodes: Command, ctx: CliContext): void {
  addList(instances, ctx, 'instances', INSTANCE_STATUSES);
  addList(nodes, ctx, 'nodes', NODE_STATUSES);
}

function addList(parent: Command, ctx: CliContext, kind: 'instances' | 'nodes', statuses: readonly string[]): void {
  parent
    .command('list')
    .description(`${kind} from the local cache (works offline; an account never synced is synced first)`)
    .option('--account <account>', 'account id or name (repeatable)', collect)
    .option('--status <status>', `${statuses.join('|')} (repeatable)`, collect)
    .option('--env <env>', `${ENVIRONMENTS.join('|')} (repeatable)`, collect)
    .option('--provider <provider>', `${PROVIDER_IDS.join('|')} (repeatable)`, collect)
    .option('--search <text>', 'substring of the name, id or address')
    .option('--sort <key>', 'name|status|account|provider|environment|updatedAt', 'name')
    .option('--desc', 'reverse the order')
    .option('--limit <n>', 'rows to show (1-1000)', '50')
    .option('--offset <n>', 'rows to skip', '0')
    .option('--refresh', 'sync the accounts in scope first')
    .action(async (o: ListOptions) => {
      const accountIds = o.account ? await Promise.all(o.account.map(async (a) => (await resolveAccount(ctx, a)).id)) : undefined;
      const query = {
        accountIds,
        environments: splitList(o.env),
        providers: splitList(o.provider),
        statuses: splitList(o.status),
        text: o.search,
        sort: o.sort,
        sortDir: o.desc ? 'desc' : 'asc',
        limit: whole(o.limit, '--limit'),
        offset: whole(o.offset, '--offset'),
      };
      await syncScope(ctx, query, Boolean(o.refresh));
      const page = (await ctx.call(`${kind}.query`, query as never)) as Page<Instance | NodeInfo>;
      const out = { total: page.total, offset: page.offset, rows: page.rows, asOf: page.asOf, stale: page.stale };
      ctx.print(out, () => describePage(kind, page));
    });
}

/** Syncs the accounts in scope: all of them with --refresh, else those never synced. Failures only warn. */
async function syncScope(
  ctx: CliContext,
  q: { accountIds?: string[]; environments?: string[]; providers?: string[] },
  refresh: boolean,
): Promise<void> {
  const inScope = (a: Account) =>
    (!q.accountIds || q.accountIds.includes(a.id)) &&
    (!q.environments || q.environments.includes(a.environment)) &&
    (!q.providers || q.providers.includes(a.provider));
  const accounts = (await ctx.call('accounts.list', {})).filter(inScope);
  const states = new Map((await ctx.call('sync.status', {})).map((s) => [s.accountId, s]));
  const targets = accounts.filter((a) => refresh || (states.get(a.id)?.state ?? 'never') === 'never');
  const results = await Promise.all(targets.map((a) => ctx.call('sync.refresh', { accountId: a.id })));
  for (const [i, r] of results.entries()) {
    const s: AccountSyncStatus | undefined = r.accounts[0];
    if (s && s.error) ctx.io.stderr(`warning: ${targets[i].name} could not be synced (${s.error.code}): ${s.error.message}; showing the cache\n`);
  }
}

function describePage(kind: string, page: Page<Instance | NodeInfo>): string {
  const rows = page.rows as Row<Instance | NodeInfo>[];
  const body = table(
    ['NAME', 'STATUS', 'ACCOUNT', 'ENV', 'ADDRESS', 'ID'],
    rows.map((r) => [r.name, r.status, r.accountName, r.environment, r.address, r.id]),
  );
  const from = rows.length ? page.offset + 1 : 0;
  const age = page.asOf ? `as of ${page.asOf} (${ageText(page.asOf)} ago)` : 'never synced';
  return `${body}\n${kind} ${from}-${page.offset + rows.length} of ${page.total} · ${age}${page.stale ? ' · STALE' : ''}`;
}

function ageText(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/** Repeatable options that may also be comma-separated. */
function splitList(values: string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function whole(value: string | undefined, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError({ code: 'VALIDATION', message: `${option} takes a whole number, not "${value}"` });
  return n;
}

import fs from 'node:fs';
import type { Command } from 'commander';
import type { ActivityFilter } from '../../../shared/contract';
import { ACTIVITY_KINDS, ACTIVITY_OUTCOMES } from '../../../shared/contract/activity-kinds';
import { resolveAccount } from '../account-ref';
import { collect } from '../args';
import { CliError, type CliContext } from '../context';
import { table } from '../table';

interface FilterOptions {
  account?: string[];
  kind?: string[];
  outcome?: string[];
  target?: string;
  since?: string;
  until?: string;
  search?: string;
}

const DURATION = /^(\d+)\s*(m|h|d)$/;

/** `--since 2h`, `--since 7d` or an ISO time. */
export function parseTime(value: string, option: string, now: Date = new Date()): string {
  const rel = DURATION.exec(value.trim());
  if (rel) {
    const ms = Number(rel[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - ms).toISOString();
  }
  const t = new Date(value);
  if (Number.isNaN(t.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new CliError({ code: 'VALIDATION', message: `${option} takes an ISO time or a duration like 30m, 2h, 7d (got "${value.slice(0, 40)}")` });
  }
  return t.toISOString();
}

function oneOf<T extends string>(values: string[] | undefined, allowed: readonly T[], option: string): T[] | undefined {
  if (!values?.length) return undefined;
  for (const v of values) {
    if (!(allowed as readonly string[]).includes(v)) throw new CliError({ code: 'VALIDATION', message: `${option} takes one of ${allowed.join(', ')} (got "${v}")` });
  }
  return values as T[];
}

async function filterOf(ctx: CliContext, o: FilterOptions): Promise<ActivityFilter> {
  const filter: ActivityFilter = {};
  if (o.account?.length) filter.accountIds = await Promise.all(o.account.map(async (a) => (await resolveAccount(ctx, a)).id));
  filter.kinds = oneOf(o.kind, ACTIVITY_KINDS, '--kind');
  filter.outcomes = oneOf(o.outcome, ACTIVITY_OUTCOMES, '--outcome');
  if (o.target) filter.targetId = o.target;
  if (o.since) filter.since = parseTime(o.since, '--since');
  if (o.until) filter.until = parseTime(o.until, '--until');
  if (o.search) filter.text = o.search;
  return filter;
}

function withFilterOptions(cmd: Command): Command {
  return cmd
    .option('--account <account>', 'only this account (id or name; repeatable)', collect)
    .option('--kind <kind>', `only this kind (${ACTIVITY_KINDS.join(', ')}; repeatable)`, collect)
    .option('--outcome <outcome>', `only this outcome (${ACTIVITY_OUTCOMES.join(', ')}; repeatable)`, collect)
    .option('--target <id>', 'only entries about this instance, node or config')
    .option('--since <time>', 'from this time (ISO, or 30m, 2h, 7d ago)')
    .option('--until <time>', 'up to this time (ISO, or 30m, 2h, 7d ago)')
    .option('--search <text>', 'text in the summary, target or message');
}

/** `hangar activity list|export`: the audit log of every action and alert. */
export function registerActivityCommands(program: Command, ctx: CliContext): void {
  const activity = program.command('activity').description('what happened: every action you ran and every alert');

  withFilterOptions(activity.command('list').description('newest first'))
    .option('--limit <n>', 'how many', '50')
    .option('--offset <n>', 'skip this many', '0')
    .action(async (o: FilterOptions & { limit: string; offset: string }) => {
      const limit = Number(o.limit);
      const offset = Number(o.offset);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) ctx.usage(`--limit takes 1 to 1000 (got "${o.limit}")`);
      if (!Number.isInteger(offset) || offset < 0) ctx.usage(`--offset takes a whole number ≥ 0 (got "${o.offset}")`);
      const page = await ctx.call('activity.list', { ...(await filterOf(ctx, o)), limit, offset });
      ctx.print(page, () =>
        page.rows.length === 0
          ? '(no activity)'
          : [
              table(
                ['WHEN', 'ACCOUNT', 'KIND', 'OUTCOME', 'SUMMARY', 'MESSAGE', 'TOOK'],
                page.rows.map((e) => [
                  e.at,
                  e.accountName ?? '',
                  e.kind,
                  e.outcome,
                  e.summary,
                  e.message ? (e.code ? `${e.code}: ${e.message}` : e.message) : '',
                  e.durationMs == null ? '' : `${e.durationMs} ms`,
                ]),
              ),
              `(${offset + 1}–${offset + page.rows.length} of ${page.total})`,
            ].join('\n'),
      );
    });

  withFilterOptions(activity.command('export').description('every matching entry, oldest first, as CSV or JSON'))
    .option('--format <format>', 'csv or json', 'json')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (o: FilterOptions & { format: string; out?: string }) => {
      if (o.format !== 'csv' && o.format !== 'json') ctx.usage(`--format takes csv or json (got "${o.format}")`);
      const result = await ctx.call('activity.export', { ...(await filterOf(ctx, o)), format: o.format as 'csv' | 'json' });
      if (o.out) {
        fs.writeFileSync(o.out, result.content, { mode: 0o600 });
        ctx.print({ format: result.format, count: result.count, file: o.out }, () => `${result.count} entries written to ${o.out}`);
      } else {
        ctx.io.stdout(result.content);
      }
    });
}

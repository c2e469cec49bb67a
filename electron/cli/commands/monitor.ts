import type { Command } from 'commander';
import type { MonitorSettings, Threshold } from '../../../shared/contract';
import { ENVIRONMENTS } from '../../../shared/model';
import { ALERT_KINDS, ALERT_STATES, ALERT_TARGET_KINDS, METRIC_RANGE_NAMES, type AlertKind, type AlertState, type MetricRange } from '../../../shared/monitor';
import { resolveAccount } from '../account-ref';
import { collect } from '../args';
import { CliError, type CliContext } from '../context';
import { table } from '../table';

const THRESHOLD_METRICS = ['cpu', 'memory', 'load', 'requests', 'connections'] as const;

function whole(value: string, option: string, min: number, max: number, ctx: CliContext): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) ctx.usage(`${option} takes ${min} to ${max} (got "${value}")`);
  return n;
}

function number(value: string, option: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError({ code: 'VALIDATION', message: `${option} takes a number (got "${value}")` });
  return n;
}

/** `hangar monitor …` and `hangar alerts list`: node metrics, the worst nodes, alerts and thresholds. */
export function registerMonitorCommands(program: Command, ctx: CliContext): void {
  const monitor = program.command('monitor').description('node metrics, worst nodes and alert thresholds');

  monitor
    .command('nodes')
    .description('nodes, worst first (offline, then highest CPU or memory)')
    .option('--account <account>', 'only this account (id or name; repeatable)', collect)
    .option('--env <env>', `only this environment (${ENVIRONMENTS.join(', ')}; repeatable)`, collect)
    .option('--limit <n>', 'how many', '20')
    .action(async (o: { account?: string[]; env?: string[]; limit: string }) => {
      const limit = whole(o.limit, '--limit', 1, 500, ctx);
      for (const e of o.env ?? []) if (!(ENVIRONMENTS as readonly string[]).includes(e)) ctx.usage(`--env takes one of ${ENVIRONMENTS.join(', ')} (got "${e}")`);
      const accountIds = o.account?.length ? await Promise.all(o.account.map(async (a) => (await resolveAccount(ctx, a)).id)) : undefined;
      const rows = await ctx.call('monitor.worstNodes', { ...(accountIds ? { accountIds } : {}), ...(o.env?.length ? { environments: o.env as never } : {}), limit });
      const pct = (v: number | null) => (v === null ? '' : `${v} %`);
      ctx.print(rows, () =>
        rows.length === 0
          ? '(no nodes)'
          : table(
              ['NODE', 'ACCOUNT', 'STATUS', 'CPU', 'MEMORY', 'INSTANCES', 'ABOVE THRESHOLD'],
              rows.map((n) => [n.name, n.accountName, n.status, n.metricsOffered ? pct(n.cpu) : 'n/a', n.metricsOffered ? pct(n.memory) : 'n/a', String(n.instanceCount ?? ''), n.breaches.join(', ')]),
            ),
      );
    });

  monitor
    .command('collect')
    .description('collect node metrics now (the app does it every minute)')
    .option('--account <account>', 'only this account (id or name)')
    .action(async (o: { account?: string }) => {
      const accountId = o.account ? (await resolveAccount(ctx, o.account)).id : undefined;
      const r = await ctx.call('monitor.collect', accountId ? { accountId } : undefined);
      ctx.print(r, () => `${r.samples} samples from ${r.nodes} nodes`);
    });

  monitor
    .command('series <node>')
    .description('a node’s stored metrics over a range, downsampled')
    .requiredOption('--account <account>', 'account id or name')
    .option('--range <range>', `${METRIC_RANGE_NAMES.join(', ')}`, '1h')
    .option('--points <n>', 'at most this many points per metric', '60')
    .action(async (node: string, o: { account: string; range: string; points: string }) => {
      if (!(METRIC_RANGE_NAMES as string[]).includes(o.range)) ctx.usage(`--range takes one of ${METRIC_RANGE_NAMES.join(', ')} (got "${o.range}")`);
      const maxPoints = whole(o.points, '--points', 2, 4000, ctx);
      const account = await resolveAccount(ctx, o.account);
      const s = await ctx.call('monitor.series', { accountId: account.id, nodeId: node, range: o.range as MetricRange, maxPoints });
      ctx.print(s, () => {
        if (s.state === 'not_offered') return `The ${account.provider} API reports no metrics about nodes.`;
        if (s.state === 'empty') return 'No samples yet (run `hangar monitor collect`).';
        return table(
          ['METRIC', 'UNIT', 'POINTS', 'LAST', 'MIN', 'MAX'],
          s.series.map((c) => [c.metric, c.unit, String(c.t.length), String(c.avg.at(-1) ?? ''), String(Math.min(...c.min)), String(Math.max(...c.max))]),
        );
      });
    });

  monitor
    .command('settings')
    .description('show or change the notification settings (a running app picks the change up without a restart)')
    .option('--quiet-hours <from-to|off>', 'no notifications between these local times, e.g. 22:00-07:00; "off" turns them off')
    .option('--notify <kinds>', `which alert kinds notify, comma-separated (${ALERT_KINDS.join(', ')}), or "none"; for --account or every account`)
    .option('--account <account>', 'with --notify: this account only (id or name)')
    .option('--unreachable-minutes <n>', 'alert when an account is unreachable for longer than this')
    .option('--budget <percent>', 'background refresh CPU budget, percent of one core (0.1–50)')
    .option('--close-to-tray <on|off>', 'closing the window keeps Hangar in the tray')
    .action(async (o: { quietHours?: string; notify?: string; account?: string; unreachableMinutes?: string; budget?: string; closeToTray?: string }) => {
      const patch: Partial<MonitorSettings> = {};
      const current = await ctx.call('monitor.settings', undefined);
      if (o.quietHours !== undefined) {
        if (o.quietHours === 'off') patch.quietHours = { ...current.quietHours, enabled: false };
        else {
          const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(o.quietHours);
          if (!m) ctx.usage(`--quiet-hours takes HH:MM-HH:MM or off (got "${o.quietHours}")`);
          patch.quietHours = { enabled: true, start: m![1]!, end: m![2]! };
        }
      }
      if (o.account && o.notify === undefined) ctx.usage('--account goes with --notify');
      if (o.notify !== undefined) {
        const kinds = o.notify === 'none' ? [] : o.notify.split(',').map((k) => k.trim()).filter(Boolean);
        for (const k of kinds) if (!(ALERT_KINDS as readonly string[]).includes(k)) ctx.usage(`--notify takes ${ALERT_KINDS.join(', ')} or none (got "${k}")`);
        const key = o.account ? (await resolveAccount(ctx, o.account)).id : '*';
        patch.subscriptions = { ...current.subscriptions, [key]: kinds as AlertKind[] };
      }
      if (o.unreachableMinutes !== undefined) patch.unreachableMinutes = whole(o.unreachableMinutes, '--unreachable-minutes', 1, 24 * 60, ctx);
      if (o.budget !== undefined) patch.cpuBudgetPercent = number(o.budget, '--budget');
      if (o.closeToTray !== undefined) {
        if (o.closeToTray !== 'on' && o.closeToTray !== 'off') ctx.usage(`--close-to-tray takes on or off (got "${o.closeToTray}")`);
        patch.closeToTray = o.closeToTray === 'on';
      }
      const saved = Object.keys(patch).length ? await ctx.call('monitor.updateSettings', patch) : current;
      ctx.print(saved, () =>
        [
          `quiet hours      ${saved.quietHours.enabled ? `${saved.quietHours.start}–${saved.quietHours.end}` : 'off'}`,
          ...Object.entries(saved.subscriptions).map(([k, v]) => `notify ${k === '*' ? '(every account)' : k}  ${v.length ? v.join(', ') : 'none'}`),
          `unreachable after ${saved.unreachableMinutes} min`,
          `refresh budget   ${saved.cpuBudgetPercent} % of a core`,
          `close to tray    ${saved.closeToTray ? 'on' : 'off'}`,
        ].join('\n'),
      );
    });

  const thresholds = monitor.command('threshold').description('alert thresholds per metric (everywhere, per account or per node)');
  thresholds
    .command('list')
    .action(async () => {
      const s = await ctx.call('monitor.settings', undefined);
      ctx.print(s.thresholds, () =>
        s.thresholds.length === 0
          ? '(no thresholds)'
          : table(
              ['ID', 'METRIC', 'ABOVE', 'CLEARS BELOW', 'ACCOUNT', 'NODE'],
              s.thresholds.map((t) => [t.id, t.metric, String(t.above), String(t.clearBelow ?? t.above * 0.9), t.accountId ?? '(all)', t.nodeId ?? '']),
            ),
      );
    });
  thresholds
    .command('add')
    .requiredOption('--metric <metric>', THRESHOLD_METRICS.join(', '))
    .requiredOption('--above <value>', 'alert when the value goes above this')
    .option('--clear-below <value>', 're-arm once below this (default 90 % of --above)')
    .option('--account <account>', 'only this account (id or name)')
    .option('--node <id>', 'only this node (needs --account)')
    .option('--id <id>', 'the threshold’s id (default: made up)')
    .action(async (o: { metric: string; above: string; clearBelow?: string; account?: string; node?: string; id?: string }) => {
      if (!(THRESHOLD_METRICS as readonly string[]).includes(o.metric)) ctx.usage(`--metric takes one of ${THRESHOLD_METRICS.join(', ')} (got "${o.metric}")`);
      if (o.node && !o.account) ctx.usage('--node needs --account');
      const accountId = o.account ? (await resolveAccount(ctx, o.account)).id : undefined;
      const t: Threshold = {
        id: o.id ?? `${o.metric}-${Date.now().toString(36)}`,
        metric: o.metric as Threshold['metric'],
        above: number(o.above, '--above'),
        ...(o.clearBelow !== undefined ? { clearBelow: number(o.clearBelow, '--clear-below') } : {}),
        ...(accountId ? { accountId } : {}),
        ...(o.node ? { nodeId: o.node } : {}),
      };
      const current = await ctx.call('monitor.settings', undefined);
      if (current.thresholds.some((x) => x.id === t.id)) throw new CliError({ code: 'CONFLICT', message: `A threshold with id ${t.id} exists` });
      const saved = await ctx.call('monitor.updateSettings', { thresholds: [...current.thresholds, t] });
      ctx.print(saved.thresholds.find((x) => x.id === t.id), () => `Added threshold ${t.id}: ${t.metric} above ${t.above}`);
    });
  thresholds
    .command('remove <id>')
    .action(async (id: string) => {
      const current = await ctx.call('monitor.settings', undefined);
      if (!current.thresholds.some((x) => x.id === id)) throw new CliError({ code: 'NOT_FOUND', message: `No threshold with id ${id}` });
      await ctx.call('monitor.updateSettings', { thresholds: current.thresholds.filter((x) => x.id !== id) });
      ctx.print({ removed: id }, () => `Removed threshold ${id}`);
    });

  program
    .command('alerts')
    .description('alerts raised by the running app (status changes, sign-in, outages, thresholds)')
    .command('list')
    .description('newest first')
    .option('--account <account>', 'only this account (id or name; repeatable)', collect)
    .option('--kind <kind>', `only this kind (${ALERT_KINDS.join(', ')}; repeatable)`, collect)
    .option('--target <id>', 'only the alerts about this instance, node, account or deployment (its id; repeatable)', collect)
    .option('--target-kind <kind>', `only alerts about this kind of object (${ALERT_TARGET_KINDS.join(', ')})`)
    .option('--state <state>', `only ${ALERT_STATES.join(' or ')} alerts`)
    .option('--limit <n>', 'how many', '50')
    .action(async (o: { account?: string[]; kind?: string[]; target?: string[]; targetKind?: string; state?: string; limit: string }) => {
      const limit = whole(o.limit, '--limit', 1, 1000, ctx);
      for (const k of o.kind ?? []) if (!(ALERT_KINDS as readonly string[]).includes(k)) ctx.usage(`--kind takes one of ${ALERT_KINDS.join(', ')} (got "${k}")`);
      if (o.targetKind !== undefined && !(ALERT_TARGET_KINDS as readonly string[]).includes(o.targetKind))
        ctx.usage(`--target-kind takes one of ${ALERT_TARGET_KINDS.join(', ')} (got "${o.targetKind}")`);
      if (o.state !== undefined && !(ALERT_STATES as readonly string[]).includes(o.state)) ctx.usage(`--state takes one of ${ALERT_STATES.join(', ')} (got "${o.state}")`);
      if ((o.target?.length ?? 0) > 50) ctx.usage('--target takes at most 50 ids');
      const accountIds = o.account?.length ? await Promise.all(o.account.map(async (a) => (await resolveAccount(ctx, a)).id)) : undefined;
      const page = await ctx.call('alerts.list', {
        ...(accountIds ? { accountIds } : {}),
        ...(o.kind?.length ? { kinds: o.kind as AlertKind[] } : {}),
        ...(o.target?.length ? { targetIds: o.target } : {}),
        ...(o.targetKind ? { targetKind: o.targetKind as (typeof ALERT_TARGET_KINDS)[number] } : {}),
        ...(o.state ? { state: o.state as AlertState } : {}),
        offset: 0,
        limit,
      });
      ctx.print(page, () =>
        page.rows.length === 0
          ? '(no alerts)'
          : [
              table(
                ['WHEN', 'ACCOUNT', 'SEVERITY', 'KIND', 'STATE', 'ALERT'],
                page.rows.map((a) => [a.at, a.accountName ?? '', a.severity, a.kind, a.state === 'open' ? 'open' : `resolved ${a.resolvedAt ?? ''}`.trim(), a.title]),
              ),
              `(${page.rows.length} of ${page.total})`,
            ].join('\n'),
      );
    });
}

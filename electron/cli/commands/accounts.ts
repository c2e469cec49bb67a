import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { AccountDraft, AccountPatch } from '../../../shared/contract/accounts';
import type { ErrorCode } from '../../../shared/errors';
import { ENVIRONMENTS, PROVIDER_IDS, type Account, type AuthMethod, type ProviderId } from '../../../shared/model';
import { PROVIDERS } from '../../../shared/providers';
import { resolveAccount } from '../account-ref';
import { collect, confirmOrRefuse, keyValues, readSecrets } from '../args';
import { CliError, type CliContext } from '../context';
import { table } from '../table';

interface SignInOptions {
  auth?: string;
  username?: string;
  email?: string;
  subscription?: string;
  zuid?: string;
  field?: string[];
  ca?: string;
  insecure?: boolean;
  poll?: string;
  verify: boolean;
  secretStdin?: boolean;
  envLabel?: string;
  color?: string;
}

interface AddOptions extends SignInOptions {
  provider: ProviderId;
  name: string;
  env: (typeof ENVIRONMENTS)[number];
  url: string;
}

interface UpdateOptions extends SignInOptions {
  name?: string;
  env?: (typeof ENVIRONMENTS)[number];
  url?: string;
  secure?: boolean;
}

/** The options `add` and `update` share: sign-in fields, TLS, polling, and the secret (stdin only). */
function signInOptions(cmd: Command): Command {
  return cmd
    .option('--auth <method>', 'sign-in method (default: the provider’s first; see `hangar accounts providers`)')
    .option('--username <user>', 'user name (NIM basic, EveryPoint API key, Kianda)')
    .option('--email <email>', 'email (Zesty login)')
    .option('--subscription <id>', 'subscription id (Kianda)')
    .option('--zuid <zuid>', 'instance ZUID (Zesty)')
    .option('--field <key=value>', 'any other setting, e.g. apiPrefix=/api/nim/v1 (repeatable)', collect)
    .option('--env-label <label>', 'a label shown instead of the environment')
    .option('--color <#rrggbb>', 'environment colour')
    .option('--ca <file>', 'PEM bundle of extra CAs to trust for this account')
    .option('--insecure', 'do not verify TLS certificates (shown as a red badge)')
    .option('--poll <seconds>', 'how often to refresh (10–86400)')
    .option('--no-verify', 'save without testing the connection first')
    .option('--secret-stdin', 'read the secret from standard input (the only way to pass one)');
}

function fieldsFrom(o: SignInOptions): Record<string, string> {
  const fields = keyValues(o.field, '--field');
  if (o.username !== undefined) fields.username = o.username;
  if (o.email !== undefined) fields.email = o.email;
  if (o.subscription !== undefined) fields.subscriptionId = o.subscription;
  if (o.zuid !== undefined) fields.zuid = o.zuid;
  return fields;
}

function readCa(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError({ code: 'VALIDATION', message: `--ca: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
  }
}

function pollSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CliError({ code: 'VALIDATION', message: `--poll takes whole seconds (got "${value}")` });
  return n;
}

function authMethodFor(provider: ProviderId, requested: string | undefined): AuthMethod {
  const offered = PROVIDERS[provider].auth.map((a) => a.method);
  if (requested === undefined) return offered[0];
  if (!offered.includes(requested as AuthMethod)) {
    throw new CliError({ code: 'VALIDATION', message: `--auth: ${PROVIDERS[provider].label} offers ${offered.join(', ')} (got "${requested}")` });
  }
  return requested as AuthMethod;
}

function secretKeys(provider: ProviderId, method: AuthMethod): string[] {
  return PROVIDERS[provider].auth.find((a) => a.method === method)?.fields.filter((f) => f.secret).map((f) => f.key) ?? [];
}

function describe(a: Account): string {
  const lines: [string, string | undefined][] = [
    ['id', a.id],
    ['name', a.name],
    ['provider', `${PROVIDERS[a.provider].label} (${a.provider})`],
    ['environment', a.envLabel ? `${a.envLabel} (${a.environment})` : a.environment],
    ['url', a.baseUrl],
    ['sign-in', a.authMethod],
    ...Object.entries(a.fields).map(([k, v]): [string, string] => [k, v]),
    ['tls', a.tls.insecure ? 'NOT VERIFIED (insecure)' : a.tls.caPem ? 'verified, with an extra CA' : 'verified'],
    ['poll', `every ${a.pollIntervalSec} s`],
    ['secret', a.hasSecret === undefined ? 'unknown (keychain unavailable)' : a.hasSecret ? 'in the keychain' : 'MISSING'],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
    .join('\n');
}

export function registerAccountsCommands(program: Command, ctx: CliContext): void {
  const accounts = program.command('accounts').description('manage accounts (secrets live in the OS keychain)');

  accounts
    .command('list')
    .description('list accounts')
    .action(async () => {
      const list = await ctx.call('accounts.list', {});
      ctx.print(list, () =>
        table(
          ['ID', 'NAME', 'PROVIDER', 'ENV', 'URL', 'SECRET'],
          list.map((a) => [a.id, a.name, a.provider, a.envLabel ?? a.environment, a.baseUrl, a.hasSecret === false ? 'MISSING' : a.hasSecret ? 'ok' : '?']),
        ),
      );
    });

  accounts
    .command('show <account>')
    .description('show one account (by id or name); never its secret')
    .action(async (ref: string) => {
      const account = await resolveAccount(ctx, ref);
      ctx.print(account, () => describe(account));
    });

  accounts
    .command('providers')
    .description('the providers, their sign-in methods and fields')
    .action(async () => {
      const list = PROVIDER_IDS.map((id) => ({
        id,
        label: PROVIDERS[id].label,
        auth: PROVIDERS[id].auth.map((a) => ({ method: a.method, fields: a.fields.map((f) => (f.secret ? `${f.key} (secret, stdin)` : f.key)) })),
        settings: PROVIDERS[id].settings.map((f) => f.key),
      }));
      ctx.print(list, () =>
        list
          .map((p) =>
            [`${p.id}: ${p.label}`, ...p.auth.map((a) => `  --auth ${a.method}: ${a.fields.join(', ')}`), ...(p.settings.length ? [`  --field ${p.settings.join('=…, ')}=…`] : [])].join('\n'),
          )
          .join('\n'),
      );
    });

  signInOptions(
    accounts
      .command('add')
      .description('add an account; tests the connection first (the secret comes only from stdin: --secret-stdin)')
      .addOption(new Option('--provider <provider>', 'which API').choices(PROVIDER_IDS).makeOptionMandatory())
      .requiredOption('--name <name>', 'a unique name')
      .addOption(new Option('--env <environment>', 'environment').choices(ENVIRONMENTS).makeOptionMandatory())
      .requiredOption('--url <url>', 'the API base URL'),
  ).action(async (o: AddOptions) => {
    ctx.refuseMemorySecrets('accounts add');
    const authMethod = authMethodFor(o.provider, o.auth);
    const keys = secretKeys(o.provider, authMethod);
    if (keys.length > 0 && !o.secretStdin) {
      throw new CliError({
        code: 'VALIDATION',
        message: `${PROVIDERS[o.provider].label} ${authMethod} sign-in needs its ${keys.join(' and ')}: pipe it on standard input with --secret-stdin`,
      });
    }
    const draft: AccountDraft & { verify: boolean } = {
      name: o.name,
      provider: o.provider,
      baseUrl: o.url,
      environment: o.env,
      authMethod,
      fields: fieldsFrom(o),
      secrets: o.secretStdin ? await readSecrets(ctx, keys) : {},
      tls: { insecure: Boolean(o.insecure), ...(o.ca ? { caPem: readCa(o.ca) } : {}) },
      verify: o.verify,
    };
    if (o.envLabel !== undefined) draft.envLabel = o.envLabel;
    if (o.color !== undefined) draft.envColor = o.color;
    const poll = pollSeconds(o.poll);
    if (poll !== undefined) draft.pollIntervalSec = poll;
    const account = await ctx.call('accounts.add', draft);
    ctx.print(account, () => `Added ${account.id} "${account.name}" (${PROVIDERS[account.provider].label}, ${account.environment})${o.verify ? ': connection OK' : ' without testing it'}`);
  });

  signInOptions(
    accounts
      .command('update <account>')
      .description('change an account; tests the connection first unless --no-verify (a new secret only from stdin)')
      .option('--name <name>', 'a new unique name')
      .addOption(new Option('--env <environment>', 'environment').choices(ENVIRONMENTS))
      .option('--url <url>', 'the API base URL')
      .option('--secure', 'verify TLS certificates again'),
  ).action(async (ref: string, o: UpdateOptions) => {
    ctx.refuseMemorySecrets('accounts update');
    const current = await resolveAccount(ctx, ref);
    const authMethod = o.auth === undefined ? current.authMethod : authMethodFor(current.provider, o.auth);
    const patch: AccountPatch & { verify: boolean } = { id: current.id, verify: o.verify };
    if (o.name !== undefined) patch.name = o.name;
    if (o.env !== undefined) patch.environment = o.env;
    if (o.url !== undefined) patch.baseUrl = o.url;
    if (o.envLabel !== undefined) patch.envLabel = o.envLabel;
    if (o.color !== undefined) patch.envColor = o.color;
    if (authMethod !== current.authMethod) patch.authMethod = authMethod;
    const fields = fieldsFrom(o);
    if (Object.keys(fields).length > 0) patch.fields = { ...current.fields, ...fields };
    if (o.insecure || o.secure || o.ca) {
      if (o.insecure && o.secure) throw new CliError({ code: 'VALIDATION', message: '--insecure and --secure contradict each other' });
      patch.tls = { ...current.tls, ...(o.insecure ? { insecure: true } : {}), ...(o.secure ? { insecure: false } : {}), ...(o.ca ? { caPem: readCa(o.ca) } : {}) };
    }
    const poll = pollSeconds(o.poll);
    if (poll !== undefined) patch.pollIntervalSec = poll;
    if (o.secretStdin) patch.secrets = await readSecrets(ctx, secretKeys(current.provider, authMethod));
    const account = await ctx.call('accounts.update', patch);
    ctx.print(account, () => `Updated ${account.id} "${account.name}"${o.verify ? ': connection OK' : ''}`);
  });

  accounts
    .command('test <account>')
    .description('test the connection (exit code tells why it failed: 3 sign-in, 4 unreachable, 7 keychain, …)')
    .action(async (ref: string) => {
      const account = await resolveAccount(ctx, ref);
      const result = await ctx.call('accounts.test', { id: account.id });
      if (!result.ok) {
        const error = result.error ?? { code: 'INTERNAL', message: 'the test failed' };
        throw new CliError({ code: error.code as ErrorCode, message: `${error.message} (after ${result.latencyMs} ms)` });
      }
      ctx.print(result, () => `OK  ${account.name}: ${result.summary} (${result.latencyMs} ms)`);
    });

  accounts
    .command('remove <account>')
    .description('remove an account and its secret')
    .option('--yes', 'do not ask (required without a terminal)')
    .action(async (ref: string, o: { yes?: boolean }) => {
      const account = await resolveAccount(ctx, ref);
      await confirmOrRefuse(ctx, o.yes, `Remove account "${account.name}" (${account.id}) and its secret?`);
      const res = await ctx.call('accounts.remove', { id: account.id });
      ctx.print({ ...res, id: account.id }, () => `Removed ${account.id} "${account.name}"`);
    });
}

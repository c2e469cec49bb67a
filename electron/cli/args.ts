import type { ActionParams } from '../../shared/model';
import { CliError, type CliContext } from './context';

/** Commander collector for a repeatable option (`--param a=1 --param b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `k=v` pairs into an object; VALIDATION naming the option for a pair without `=` or a repeated key. */
export function keyValues(pairs: string[] | undefined, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError({ code: 'VALIDATION', message: `${option} takes key=value (got "${pair.slice(0, 40)}")` });
    const key = pair.slice(0, at).trim();
    if (Object.prototype.hasOwnProperty.call(out, key)) {
      throw new CliError({ code: 'VALIDATION', message: `${option} ${key}=… was given twice` });
    }
    out[key] = pair.slice(at + 1);
  }
  return out;
}

export function actionParams(pairs: string[] | undefined): ActionParams {
  return keyValues(pairs, '--param');
}

/**
 * Secrets from standard input, never from argv: with one secret field the input is its value (one trailing
 * newline dropped, as `echo` and here-strings add one); with several it is a JSON object of them.
 */
export async function readSecrets(ctx: CliContext, secretKeys: string[]): Promise<Record<string, string>> {
  const input = await ctx.io.readStdin();
  if (!input) {
    throw new CliError({
      code: 'VALIDATION',
      message: `--secret-stdin: nothing on standard input; pipe the ${secretKeys.join(' and ')} in (e.g. from a password manager)`,
    });
  }
  if (secretKeys.length === 1) {
    const value = input.replace(/\r?\n$/, '');
    if (!value) throw new CliError({ code: 'VALIDATION', message: `--secret-stdin: the ${secretKeys[0]} on standard input is empty` });
    return { [secretKeys[0]]: value };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
    throw new CliError({
      code: 'VALIDATION',
      message: `--secret-stdin: this sign-in takes several secrets; pipe a JSON object of strings with ${secretKeys.map((k) => `"${k}"`).join(', ')}`,
    });
  }
  return parsed as Record<string, string>;
}

/** Proceeds with --yes, or after a "yes" on the terminal; without a terminal it refuses (scripts must say --yes). */
export async function confirmOrRefuse(ctx: CliContext, yes: boolean | undefined, question: string): Promise<void> {
  if (yes) return;
  if (!ctx.io.confirm) {
    throw new CliError({ code: 'VALIDATION', message: `${question.replace(/\?$/, '')}: refused without a terminal to confirm on; pass --yes` });
  }
  if (!(await ctx.io.confirm(question))) throw new CliError({ code: 'VALIDATION', message: 'Cancelled' }, 1);
}

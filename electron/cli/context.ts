import type { ChannelName, InputOf, OutputOf } from '../../shared/contract';
import { HangarError, type ErrorInfo } from '../../shared/errors';
import type { Core } from '../main/core/core';
import { defaultDataDir, logDirFor } from '../main/core/paths';
import type { LogSink } from '../main/core/util/log';
import type { SecretStore } from '../main/core/secrets/store';
import { exitCodeFor } from './exit-codes';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads all of standard input (secrets come only from here). */
  readStdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask (scripts must pass --yes). */
  confirm?: (question: string) => Promise<boolean>;
  /** Asks for a line of text on the terminal (a production name typed to confirm); absent without a terminal. */
  ask?: (question: string) => Promise<string>;
}

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
  verbose?: boolean;
}

/** Raised by commands; main() prints it and exits with its code. */
export class CliError extends Error {
  constructor(
    readonly info: ErrorInfo,
    readonly exitCode: number = exitCodeFor(info.code),
  ) {
    super(info.message);
  }
}

/** What a command gets: the global options, the core (built on first use) and output helpers. */
export class CliContext {
  private core: Core | undefined;
  private factory: ((ctx: CliContext) => Core) | undefined;
  private secrets: SecretStore | undefined;
  private makeSecretStore: ((env: NodeJS.ProcessEnv) => SecretStore) | undefined;

  constructor(
    readonly io: CliIo,
    private readonly globals: () => GlobalOptions,
    readonly version: string,
  ) {}

  get json(): boolean {
    return Boolean(this.globals().json);
  }

  get dataDir(): string {
    return this.globals().dataDir ?? defaultDataDir(this.io.env);
  }

  /**
   * Loads the core's code (main() runs it before any command's action): the core, undici and zod are most
   * of the CLI's start-up time, which `--help` and usage errors do not need to pay.
   */
  async load(): Promise<void> {
    if (this.factory) return;
    const [{ createCore }, { createSecretStore }, { createFileLog, teeSinks }] = await Promise.all([
      import('../main/core/core'),
      import('../main/core/secrets'),
      import('../main/core/logs/file-log'),
    ]);
    this.makeSecretStore = createSecretStore;
    this.factory = (ctx) => {
      const verbose = ctx.verbose;
      let fileSink: LogSink | undefined;
      const logDir = logDirFor(ctx.dataDir, ctx.io.env);
      try {
        fileSink = createFileLog({ dir: logDir }).sink;
      } catch (e) {
        if (verbose) ctx.io.stderr(`hangar: no log file in ${logDir} (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
      }
      return createCore({
        dataDir: ctx.dataDir,
        secretStore: ctx.secretStore(),
        version: ctx.version,
        surface: 'cli',
        logDir,
        logSink: teeSinks(fileSink, verbose ? (l) => ctx.io.stderr(`${l}\n`) : undefined),
        logLevel: verbose ? 'debug' : 'info',
      });
    };
  }

  /** --verbose (or HANGAR_LOG=stderr): every log line, debug included, also on standard error. */
  get verbose(): boolean {
    return Boolean(this.globals().verbose) || this.io.env.HANGAR_LOG === 'stderr';
  }

  /** The secret store the core uses (one per run). */
  secretStore(): SecretStore {
    if (!this.makeSecretStore) throw new Error('CliContext.load() must run before a command uses the secret store');
    this.secrets ??= this.makeSecretStore(this.io.env);
    return this.secrets;
  }

  /**
   * An in-memory secret store forgets everything when this command exits: an account saved with it would
   * be listed later without its secret. Commands that persist accounts refuse it.
   */
  refuseMemorySecrets(command: string): void {
    if (this.io.env.HANGAR_SECRET_STORE !== 'memory') return;
    throw new CliError({
      code: 'VALIDATION',
      message:
        `${command} would save an account whose secret is gone when this command exits: HANGAR_SECRET_STORE=memory ` +
        'keeps secrets only inside one process. Unset it to use the OS keychain.',
    });
  }

  getCore(): Core {
    if (!this.factory) throw new Error('CliContext.load() must run before a command uses the core');
    this.core ??= this.factory(this);
    return this.core;
  }

  /** Calls a channel through the same dispatch IPC uses; an error envelope becomes a CliError. */
  async call<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
    const res = await this.getCore().dispatch(channel, input);
    if (!res.ok) throw new CliError(res.error);
    return res.value as OutputOf<K>;
  }

  /** Prints `value` as JSON with --json, else the human form. */
  print(value: unknown, human: () => string): void {
    this.io.stdout(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  }

  usage(message: string): never {
    throw new CliError({ code: 'VALIDATION', message });
  }

  async close(): Promise<void> {
    await this.core?.close();
    this.core = undefined;
  }
}

export function toCliError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof HangarError) return new CliError(e.toInfo());
  return new CliError({ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
}

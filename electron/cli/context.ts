import type { ChannelName, InputOf, OutputOf } from '../../shared/contract';
import { HangarError, type ErrorInfo } from '../../shared/errors';
import { createCore, type Core } from '../main/core/core';
import { createSecretStore } from '../main/core/secrets';
import { defaultDataDir } from '../main/core/paths';
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

  getCore(): Core {
    this.core ??= createCore({
      dataDir: this.dataDir,
      secretStore: createSecretStore(this.io.env),
      version: this.version,
      surface: 'cli',
      logSink: this.io.env.HANGAR_LOG === 'stderr' ? (l) => this.io.stderr(`${l}\n`) : undefined,
      logLevel: this.io.env.HANGAR_LOG === 'stderr' ? 'debug' : undefined,
    });
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

import { expect } from 'vitest';
import { HangarError } from '../../shared/errors';
import type { Account, AuthMethod, ProviderId } from '../../shared/model';
import { PROVIDERS } from '../../shared/providers';
import { HttpClient, type HttpClientOptions } from '../../electron/main/core/http/client';
import type { ProviderContext } from '../../electron/main/core/providers/types';
import type { Redactor } from '../../electron/main/core/util/redact';
import type { SimAccount } from '../../electron/simulators/kit/types';
import { capturingLog } from './capturing-log';

/** What a test changes from the simulator's account; anything left out comes from it. */
export interface ProviderContextOverrides {
  id?: string;
  baseUrl?: string;
  authMethod?: AuthMethod;
  fields?: Record<string, string>;
  secrets?: Record<string, string>;
  /** HTTP client options forced over the provider's own (retries, backoffMs, …). */
  http?: Partial<Omit<HttpClientOptions, 'redactor' | 'log'>>;
  now?: () => number;
}

/** A ProviderContext for a simulated account, with every log line captured. */
export function providerContext(
  provider: ProviderId,
  sim: SimAccount,
  o: ProviderContextOverrides = {},
): { ctx: ProviderContext; lines: string[]; redactor: Redactor } {
  const { redactor, log, lines } = capturingLog();
  const account: Account = {
    id: o.id ?? `acct-${provider}`,
    name: `${PROVIDERS[provider].label} test`,
    provider,
    baseUrl: o.baseUrl ?? sim.baseUrl,
    environment: 'dev',
    envColor: '#2080f0',
    authMethod: o.authMethod ?? sim.authMethod,
    fields: o.fields ?? sim.fields,
    tls: { insecure: false },
    pollIntervalSec: 60,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const ctx: ProviderContext = {
    account,
    secrets: o.secrets ?? sim.secrets,
    redactor,
    log,
    http: (opts) => new HttpClient({ ...opts, baseUrl: opts.baseUrl ?? account.baseUrl, redactor, log, ...o.http }),
    now: o.now ?? (() => Date.now()),
  };
  return { ctx, lines, redactor };
}

/** The HangarError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function caught(p: Promise<unknown>): Promise<HangarError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(HangarError);
    return e as HangarError;
  }
  throw new Error('expected the call to fail with a HangarError');
}

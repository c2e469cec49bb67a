import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { ErrorCode, ErrorInfo } from '../../../shared/errors';
import type { HangarBridge, HangarEvent } from '../../../shared/events';

/** A failed call, as the renderer sees it: the envelope's error, thrown. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryable: boolean;
  readonly details?: unknown;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
    this.code = info.code;
    this.status = info.status;
    this.retryable = info.retryable ?? false;
    this.details = info.details;
  }

  /** Validation issues as `path → message` (e.g. `baseUrl`, `secrets.password`), first message per path. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const issues = (this.details as { issues?: unknown } | undefined)?.issues;
    if (!Array.isArray(issues)) return out;
    for (const issue of issues) {
      if (!issue || typeof issue !== 'object') continue;
      const { path, message } = issue as { path?: unknown; message?: unknown };
      if (typeof path === 'string' && typeof message === 'string' && !(path in out)) out[path] = message;
    }
    return out;
  }
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError({ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
}

export interface HangarClient {
  call<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>>;
  /**
   * Asks now for what a view will ask for once it mounts (the window's first rows): the first `call` with
   * the same channel and input within `maxAgeMs` takes this answer instead of asking again.
   */
  prefetch<K extends ChannelName>(channel: K, input: InputOf<K>, maxAgeMs?: number): void;
  onEvent(listener: (event: HangarEvent) => void): () => void;
}

function isEnvelope(v: unknown): v is { ok: boolean; value?: unknown; error?: ErrorInfo } {
  return !!v && typeof v === 'object' && typeof (v as { ok?: unknown }).ok === 'boolean';
}

/** The typed client over window.hangar (or any HangarBridge). */
export function createClient(bridge: HangarBridge | undefined, now: () => number = () => Date.now()): HangarClient {
  const early = new Map<string, { answer: Promise<unknown>; until: number }>();
  const keyOf = (channel: string, input: unknown) => `${channel} ${JSON.stringify(input ?? null)}`;
  const client: HangarClient = {
    call(channel, input) {
      // Every call passes here (each keystroke's query too): the key is built only while an answer waits.
      if (early.size === 0) return ask(channel, input);
      const key = keyOf(channel, input);
      const prefetched = early.get(key);
      if (prefetched) {
        early.delete(key);
        if (prefetched.until >= now()) return prefetched.answer as Promise<OutputOf<typeof channel>>;
      }
      return ask(channel, input);
    },
    prefetch(channel, input, maxAgeMs = 5000) {
      const answer = ask(channel, input);
      // Nobody may take it: an unhandled rejection would be reported for an answer no one wanted.
      answer.catch(() => undefined);
      early.set(keyOf(channel, input), { answer, until: now() + maxAgeMs });
    },
    onEvent(listener) {
      return bridge ? bridge.onEvent(listener) : () => {};
    },
  };
  return client;

  async function ask<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
    if (!bridge) {
      throw new ApiError({ code: 'INTERNAL', message: 'window.hangar is missing: Hangar’s renderer runs only inside the app.' });
    }
    let envelope: unknown;
    try {
      envelope = await bridge.invoke(channel, input);
    } catch (e) {
      throw new ApiError({ code: 'INTERNAL', message: `${channel} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (!isEnvelope(envelope)) {
      throw new ApiError({ code: 'BAD_RESPONSE', message: `${channel} answered with something that is not an envelope` });
    }
    if (envelope.ok) return envelope.value as OutputOf<K>;
    throw new ApiError(envelope.error ?? { code: 'INTERNAL', message: `${channel} failed` });
  }
}

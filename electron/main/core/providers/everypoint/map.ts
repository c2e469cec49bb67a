import { HangarError } from '../../../../../shared/errors';
import type { Instance } from '../../../../../shared/model';

export interface EveryPointInstance {
  uri: string;
  name: string;
  description: string;
}

export const EVERYPOINT_NAME_RULE = /^[a-z0-9-]{1,64}$/;

/** Checks the documented `{uri, name, description}` shape. */
export function readInstance(value: unknown, what: string): EveryPointInstance {
  const v = value as Partial<EveryPointInstance> | null;
  if (!v || typeof v !== 'object' || typeof v.name !== 'string' || !v.name || typeof v.uri !== 'string') {
    throw new HangarError('BAD_RESPONSE', `EveryPoint answered ${what} without an instance {uri, name, description}`);
  }
  return { uri: v.uri, name: v.name, description: typeof v.description === 'string' ? v.description : '' };
}

/**
 * EveryPoint instances have no state: one that exists is usable, so it is "running". The id is the
 * name (the URI is `/instances/<name>`), so a rename changes the id, as it changes the URI.
 */
export function toInstance(accountId: string, api: EveryPointInstance): Instance {
  return {
    accountId,
    provider: 'everypoint',
    id: api.name,
    name: api.name,
    status: 'running',
    description: api.description,
    address: api.uri,
    labels: { uri: api.uri },
    raw: api,
  };
}

/** The URI's name part, or BAD_RESPONSE when the list holds something else. */
export function nameFromUri(uri: unknown): string {
  const m = typeof uri === 'string' ? /^\/instances\/([^/?#]+)$/.exec(uri) : null;
  if (!m) throw new HangarError('BAD_RESPONSE', `EveryPoint listed ${JSON.stringify(uri)}, which is not an instance URI`);
  return m[1];
}

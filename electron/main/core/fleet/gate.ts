import { HangarError } from '../../../../shared/errors';
import type { ActionParams, Capability, InstanceAction, NodeAction, ProviderId } from '../../../../shared/model';
import { PROVIDERS } from '../../../../shared/providers';

/** Actions that make something new: they take no id. Every other action acts on one object and needs its id. */
const CREATING_ACTIONS: readonly string[] = ['create', 'deploy'];

/** UNSUPPORTED unless the provider declares the capability; checked before any call to the API. */
export function requireCapability(provider: ProviderId, capabilities: readonly Capability[], capability: Capability): void {
  if (!capabilities.includes(capability)) {
    throw new HangarError('UNSUPPORTED', `${PROVIDERS[provider].label} does not offer ${capability}`, { retryable: false });
  }
}

/** VALIDATION when an id is given to a creating action, or missing from any other. */
export function checkActionTarget(kind: 'instance' | 'node', action: InstanceAction | NodeAction, id: string | undefined): void {
  const creates = CREATING_ACTIONS.includes(action);
  if (creates && id !== undefined) {
    throw new HangarError('VALIDATION', `"${action}" makes a new ${kind}: it takes no id`, { details: { field: 'id' } });
  }
  if (!creates && (id === undefined || id === '')) {
    throw new HangarError('VALIDATION', `"${action}" needs the id of the ${kind} to act on`, { details: { field: 'id' } });
  }
}

/** VALIDATION naming the first required parameter the provider's action form asks for and the call lacks. */
export function checkActionParams(provider: ProviderId, action: InstanceAction, params: ActionParams): void {
  for (const spec of PROVIDERS[provider].actionParams[action] ?? []) {
    if (!spec.required) continue;
    const v = params[spec.key];
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) {
      throw new HangarError('VALIDATION', `"${action}" on ${PROVIDERS[provider].label} needs the parameter "${spec.key}" (${spec.label})`, {
        details: { field: spec.key },
      });
    }
  }
}

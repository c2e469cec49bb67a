/**
 * One door per kind of config document, over the account's provider: NIM instance configs (and Kianda instance
 * fields, which the Kianda provider serves as one JSON file whose revision is the version number), NIM
 * instance-group configs, and NIM staged configs. Each reads the live document and publishes files on top of a
 * base revision; a stale base is CONFLICT (the provider's check, then the server's 409).
 */
import { HangarError } from '../../../../shared/errors';
import type { ConfigTarget } from '../../../../shared/contract';
import type { Capability, ConfigDocument, ConfigFile, Deployment, Instance, Ref } from '../../../../shared/model';
import { PROVIDERS } from '../../../../shared/providers';
import type { AccountRegistry } from '../accounts/registry';
import type { ProviderPool } from '../providers/pool';
import type { Provider } from '../providers/types';

export interface DocumentDeps {
  registry: AccountRegistry;
  pool: ProviderPool;
  now: () => Date;
  cachedInstance?(ref: Ref): Promise<{ value: Instance } | undefined>;
}

export interface PublishInput {
  files: ConfigFile[];
  baseRevision: string;
  rootDir: string | null;
  force: boolean;
}

export class ConfigDocuments {
  constructor(private readonly deps: DocumentDeps) {}

  async provider(accountId: string, capability: Capability): Promise<Provider> {
    const account = this.deps.registry.get(accountId);
    const provider = await this.deps.pool.get(accountId);
    if (!PROVIDERS[account.provider].capabilities.includes(capability) || !provider.capabilities.includes(capability)) {
      throw new HangarError('UNSUPPORTED', `${PROVIDERS[account.provider].label} does not offer ${capability === 'configs.publish' ? 'publishing configs' : 'configs'}`);
    }
    return provider;
  }

  /** The live document, read from the API now (never from a cache). */
  async read(target: ConfigTarget): Promise<ConfigDocument> {
    const p = await this.provider(target.accountId, 'configs.read');
    if (target.kind === 'group') return p.getGroupConfig(target.id);
    if (target.kind === 'staged') return p.getStagedConfig(target.id);
    return p.getConfig(target.id);
  }

  /** A name a person recognises: the instance's, the group's, the staged config's. */
  async name(target: ConfigTarget, doc?: ConfigDocument): Promise<string> {
    if (target.kind === 'instance') {
      const cached = await this.deps.cachedInstance?.({ accountId: target.accountId, id: target.id }).catch(() => undefined);
      if (cached) return cached.value.name;
      try {
        return (await (await this.deps.pool.get(target.accountId)).getInstance(target.id)).name;
      } catch {
        return target.id;
      }
    }
    if (target.kind === 'staged') {
      const raw = doc?.raw as { configName?: unknown } | undefined;
      return typeof raw?.configName === 'string' ? raw.configName : target.id;
    }
    try {
      const groups = await (await this.deps.pool.get(target.accountId)).listConfigGroups();
      return groups.find((g) => g.id === target.id)?.name ?? target.id;
    } catch {
      return target.id;
    }
  }

  /** Sends the files; the deployment it answers (pending for NIM, already done for staged configs and Kianda). */
  async publish(target: ConfigTarget, input: PublishInput, name: string): Promise<Deployment> {
    const p = await this.provider(target.accountId, 'configs.publish');
    const req = { instanceId: target.id, files: input.files, baseRevision: input.baseRevision, force: input.force };
    if (target.kind === 'group') return p.publishGroupConfig(req);
    if (target.kind === 'instance') return p.publishConfig(req);
    const live = await p.getStagedConfig(target.id);
    if (!input.force && live.revision !== input.baseRevision) {
      throw new HangarError('CONFLICT', `The staged config ${name} changed since your draft was based on it (draft base ${input.baseRevision}; it is now at revision ${live.revision}).`, {
        status: 409,
        details: { liveRevision: live.revision, baseRevision: input.baseRevision },
      });
    }
    const saved = await p.saveStagedConfig({ id: target.id, name, files: input.files, rootDir: input.rootDir ?? live.rootDir });
    const at = this.deps.now().toISOString();
    return {
      accountId: target.accountId,
      id: `staged:${saved.id}:${saved.updatedAt ?? at}`,
      instanceId: target.id,
      status: 'succeeded',
      message: `Staged config ${saved.name} saved`,
      succeeded: [saved.name],
      failures: [],
      createdAt: at,
      updatedAt: at,
    };
  }

  async deployment(accountId: string, id: string): Promise<Deployment> {
    return (await this.provider(accountId, 'configs.publish')).getDeployment(id);
  }
}

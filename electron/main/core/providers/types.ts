import { HangarError } from '../../../../shared/errors';
import type {
  Account,
  ActionParams,
  ActionResult,
  Capability,
  ConfigDocument,
  ConfigFile,
  Deployment,
  Instance,
  InstanceAction,
  MetricSeries,
  NodeAction,
  NodeInfo,
  OptionEntry,
  OptionList,
  ProviderId,
} from '../../../../shared/model';
import type { HttpClient, HttpClientOptions } from '../http/client';
import type { Logger } from '../util/log';
import type { Redactor } from '../util/redact';
import { collectPages, type PageSink } from './paging';

/** Everything a provider gets from outside: passed in, never reached for. */
export interface ProviderContext {
  account: Account;
  /** Secret fields from the keychain (password, apiKey, token, …). Register them with the redactor. */
  secrets: Record<string, string>;
  redactor: Redactor;
  log: Logger;
  /** Builds the account's HTTP client (TLS, proxy, timeouts from the account) with the provider's hooks. */
  http(options: Partial<Omit<HttpClientOptions, 'redactor' | 'log' | 'tls'>> & { baseUrl?: string }): HttpClient;
  now(): number;
}

export interface PublishRequest {
  instanceId: string;
  files: ConfigFile[];
  /** The revision the draft was based on; a different live revision means CONFLICT. */
  baseRevision: string;
  /** Overwrite even if the live config moved on (the user chose so in the three-way view). */
  force?: boolean;
}

/** A NIM instance group, for publishing one config to every member. */
export interface ConfigGroup {
  id: string;
  name: string;
  members: { id: string; name: string }[];
}

/** A NIM staged config (a saved config not yet published anywhere). */
export interface StagedConfig {
  id: string;
  name: string;
  updatedAt?: string;
}

/** One API behind one interface. Methods a provider cannot serve throw UNSUPPORTED. */
export interface Provider {
  readonly id: ProviderId;
  readonly capabilities: readonly Capability[];
  /** Proves the credentials and the address work; returns a one-line summary ("12 instances"). */
  test(): Promise<{ summary: string }>;
  listInstances(): Promise<Instance[]>;
  /** The same listing handed over a page at a time, so a sync never holds the whole fleet. */
  eachInstancePage(onPage: PageSink<Instance>): Promise<void>;
  getInstance(id: string): Promise<Instance>;
  actInstance(action: InstanceAction, id: string | undefined, params: ActionParams): Promise<ActionResult>;
  listNodes(): Promise<NodeInfo[]>;
  eachNodePage(onPage: PageSink<NodeInfo>): Promise<void>;
  getNode(id: string): Promise<NodeInfo>;
  actNode(action: NodeAction, id: string | undefined, params: ActionParams): Promise<ActionResult>;
  nodeMetrics(id: string, rangeMinutes: number): Promise<MetricSeries[]>;
  /** A catalogue the create/deploy forms pick from (UNSUPPORTED when the API has none). */
  listOptions(list: OptionList): Promise<OptionEntry[]>;
  getConfig(instanceId: string): Promise<ConfigDocument>;
  analyzeConfig(instanceId: string, files: ConfigFile[]): Promise<{ ok: boolean; messages: string[] }>;
  publishConfig(req: PublishRequest): Promise<Deployment>;
  getDeployment(id: string): Promise<Deployment>;
  listConfigGroups(): Promise<ConfigGroup[]>;
  getGroupConfig(groupId: string): Promise<ConfigDocument>;
  /** `req.instanceId` is the group's id; the deployment carries each member's result. */
  publishGroupConfig(req: PublishRequest): Promise<Deployment>;
  listStagedConfigs(): Promise<StagedConfig[]>;
  getStagedConfig(id: string): Promise<ConfigDocument>;
  /** Creates (no id) or replaces a staged config. */
  saveStagedConfig(req: { id?: string; name: string; files: ConfigFile[]; rootDir?: string }): Promise<StagedConfig>;
  close(): Promise<void>;
}

export type ProviderFactory = (ctx: ProviderContext) => Provider;

export function unsupported(provider: ProviderId, what: string): HangarError {
  return new HangarError('UNSUPPORTED', `${what} is not offered by the ${provider} API`);
}

/** Defaults for what an API does not offer; a provider overrides what it has. */
export abstract class BaseProvider implements Provider {
  abstract readonly id: ProviderId;
  abstract readonly capabilities: readonly Capability[];
  constructor(protected readonly ctx: ProviderContext) {}

  abstract test(): Promise<{ summary: string }>;
  abstract eachInstancePage(onPage: PageSink<Instance>): Promise<void>;
  abstract getInstance(id: string): Promise<Instance>;

  async listInstances(): Promise<Instance[]> {
    return collectPages((onPage) => this.eachInstancePage(onPage));
  }

  async actInstance(action: InstanceAction, _id: string | undefined, _params: ActionParams): Promise<ActionResult> {
    throw unsupported(this.id, `Instance action "${action}"`);
  }
  /** No nodes unless the provider has them. */
  async eachNodePage(_onPage: PageSink<NodeInfo>): Promise<void> {}
  async listNodes(): Promise<NodeInfo[]> {
    return collectPages((onPage) => this.eachNodePage(onPage));
  }
  async getNode(_id: string): Promise<NodeInfo> {
    throw unsupported(this.id, 'Nodes');
  }
  async actNode(action: NodeAction, _id: string | undefined, _params: ActionParams): Promise<ActionResult> {
    throw unsupported(this.id, `Node action "${action}"`);
  }
  async nodeMetrics(_id: string, _rangeMinutes: number): Promise<MetricSeries[]> {
    throw unsupported(this.id, 'Node metrics');
  }
  async listOptions(list: OptionList): Promise<OptionEntry[]> {
    throw unsupported(this.id, `A list of ${list}`);
  }
  async getConfig(_instanceId: string): Promise<ConfigDocument> {
    throw unsupported(this.id, 'Configs');
  }
  async analyzeConfig(_instanceId: string, _files: ConfigFile[]): Promise<{ ok: boolean; messages: string[] }> {
    throw unsupported(this.id, 'Config analysis');
  }
  async publishConfig(_req: PublishRequest): Promise<Deployment> {
    throw unsupported(this.id, 'Config publishing');
  }
  async getDeployment(_id: string): Promise<Deployment> {
    throw unsupported(this.id, 'Deployments');
  }
  async listConfigGroups(): Promise<ConfigGroup[]> {
    throw unsupported(this.id, 'Instance groups');
  }
  async getGroupConfig(_groupId: string): Promise<ConfigDocument> {
    throw unsupported(this.id, 'Instance group configs');
  }
  async publishGroupConfig(_req: PublishRequest): Promise<Deployment> {
    throw unsupported(this.id, 'Instance group configs');
  }
  async listStagedConfigs(): Promise<StagedConfig[]> {
    throw unsupported(this.id, 'Staged configs');
  }
  async getStagedConfig(_id: string): Promise<ConfigDocument> {
    throw unsupported(this.id, 'Staged configs');
  }
  async saveStagedConfig(_req: { id?: string; name: string; files: ConfigFile[]; rootDir?: string }): Promise<StagedConfig> {
    throw unsupported(this.id, 'Staged configs');
  }
  async close(): Promise<void> {}

  /** A required action parameter, or VALIDATION naming it. */
  protected param(params: ActionParams, key: string): string {
    const v = params[key];
    if (v === undefined || v === '') throw new HangarError('VALIDATION', `Parameter "${key}" is required`);
    return String(v);
  }
}

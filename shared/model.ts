/** Domain types shared by every side. Providers map their API's objects to these and keep the raw object. */

export const PROVIDER_IDS = ['nim', 'skyport', 'zesty', 'everypoint', 'kianda'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const PROVIDER_LABELS: Record<ProviderId, string> = {
  nim: 'NGINX Instance Manager',
  skyport: 'Skyport panel',
  zesty: 'Zesty.io',
  everypoint: 'EveryPoint',
  kianda: 'Kianda',
};

export const ENVIRONMENTS = ['dev', 'staging', 'prod', 'custom'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const DEFAULT_ENV_COLORS: Record<Environment, string> = {
  dev: '#2080f0',
  staging: '#f0a020',
  prod: '#d03050',
  custom: '#8a8a8a',
};

/** What a provider can do; the UI shows only what the account's provider declares. */
export const CAPABILITIES = [
  'instances.list',
  'instances.get',
  'instances.create',
  'instances.deploy',
  'instances.update',
  'instances.rename',
  'instances.suspend',
  'instances.unsuspend',
  'instances.delete',
  'nodes.list',
  'nodes.get',
  'nodes.create',
  'nodes.delete',
  'nodes.metrics',
  'configs.read',
  'configs.analyze',
  'configs.publish',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Instance actions over `instances.act`; each maps to the capability of the same name. */
export const INSTANCE_ACTIONS = ['create', 'deploy', 'update', 'rename', 'suspend', 'unsuspend', 'delete'] as const;
export type InstanceAction = (typeof INSTANCE_ACTIONS)[number];

export const NODE_ACTIONS = ['create', 'delete'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

export const INSTANCE_STATUSES = [
  'running',
  'stopped',
  'suspended',
  'installing',
  'failed',
  'offline',
  'unknown',
] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export const NODE_STATUSES = ['online', 'offline', 'unconfigured', 'unknown'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export type AuthMethod = 'basic' | 'bearer' | 'apiKey' | 'login' | 'token' | 'password';

export interface TlsOptions {
  /** PEM bundle trusted in addition to the system roots (self-signed NIM is the norm). */
  caPem?: string;
  /** Explicit opt-out of certificate verification; shown as a red badge. */
  insecure: boolean;
}

/** Account metadata. Secrets are never part of it: they live in the SecretStore keyed by account id. */
export interface Account {
  id: string;
  name: string;
  provider: ProviderId;
  baseUrl: string;
  environment: Environment;
  envLabel?: string;
  envColor: string;
  authMethod: AuthMethod;
  /** Non-secret fields: username, subscriptionId, zuid, apiPrefix, … */
  fields: Record<string, string>;
  tls: TlsOptions;
  pollIntervalSec: number;
  createdAt: string;
  updatedAt: string;
  /** True when a secret is stored for it (never the secret itself). */
  hasSecret?: boolean;
}

/** A reference to one object of one account. */
export interface Ref {
  accountId: string;
  id: string;
}

export interface Instance {
  accountId: string;
  provider: ProviderId;
  id: string;
  name: string;
  status: InstanceStatus;
  /** The status word of the API, as it said it (INSTALLING, online, …). */
  rawStatus?: string;
  nodeId?: string;
  address?: string;
  version?: string;
  description?: string;
  labels?: Record<string, string>;
  updatedAt?: string;
  /** The API's own object, secrets removed, for the detail view. */
  raw: unknown;
}

export interface NodeInfo {
  accountId: string;
  provider: ProviderId;
  id: string;
  name: string;
  status: NodeStatus;
  rawStatus?: string;
  address?: string;
  cpu?: number;
  memoryMb?: number;
  diskMb?: number;
  instanceCount?: number;
  labels?: Record<string, string>;
  updatedAt?: string;
  raw: unknown;
}

export interface ConfigFile {
  /** Absolute path (NIM) or logical name. */
  name: string;
  contents: string;
}

export interface ConfigDocument {
  accountId: string;
  instanceId: string;
  /** Opaque revision marker the server uses for optimistic concurrency (NIM: updateTime / versionHash). */
  revision: string;
  versionHash?: string;
  updatedAt?: string;
  rootDir?: string;
  files: ConfigFile[];
  raw?: unknown;
}

export type DeploymentStatus = 'pending' | 'succeeded' | 'failed';

export interface Deployment {
  accountId: string;
  id: string;
  instanceId?: string;
  status: DeploymentStatus;
  message?: string;
  succeeded: string[];
  failures: { name: string; message: string }[];
  createdAt?: string;
  updatedAt?: string;
  raw?: unknown;
}

export interface MetricPoint {
  t: number;
  v: number;
}

export interface MetricSeries {
  name: string;
  unit?: string;
  points: MetricPoint[];
}

/** Parameters of an action, as strings/numbers/booleans (the CLI's --param k=v, the UI's form). */
export type ActionParams = Record<string, string | number | boolean>;

export interface ActionResult {
  /** The object after the action, when the API returns or re-reads it. */
  instance?: Instance;
  node?: NodeInfo;
  message?: string;
  /** True when the API reported an error but a re-read shows the action took effect (Skyport suspend). */
  confirmedByReread?: boolean;
  /**
   * Non-secret account fields the provider asks to remember after the action (Kianda has no list call,
   * so a created instance joins the account's `watch` setting). The service saves them.
   */
  accountFields?: Record<string, string>;
  raw?: unknown;
  /**
   * How the outcome was confirmed: by the API's own answer, or by reading the object (or the list sync reads)
   * back after the action. Absent: the API's answer was taken as it came.
   */
  confirmedBy?: 'api' | 'reread';
  /** The id the action deleted (it is gone from the list sync reads). */
  deletedId?: string;
  /** Other objects of the same kind that disappeared from the list during the action (Skyport's delete by ContainerId). */
  removedIds?: string[];
  /** Other objects whose state the action changed, as the list sync reads now shows them. */
  affected?: Instance[];
  /** The API's records disagree about the outcome: not a plain success (the message says what happened). */
  mismatch?: ActionMismatch;
  /** Something the user must know although the action went through (shown beside the message). */
  warning?: string;
}

export interface ActionMismatch {
  /** What disagrees, in a few words (e.g. "suspended flag"). */
  what: string;
  /** What the object's own record says after the action. */
  record: string;
  /** What the list sync reads says about the same object. */
  list: string;
  /** The objects the API changed instead (e.g. the instance the panel flagged). */
  instead?: { id: string; name: string }[];
}

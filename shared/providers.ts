import type { AuthMethod, Capability, ProviderId } from './model';

/** One field a provider's account form asks for. Secret fields go to the keychain only. */
export interface FieldSpec {
  key: string;
  label: string;
  secret?: boolean;
  required?: boolean;
  placeholder?: string;
  help?: string;
}

export interface AuthSpec {
  method: AuthMethod;
  label: string;
  fields: FieldSpec[];
}

/** What the UI and CLI know about a provider without asking main: its auth forms, extra fields, capabilities. */
export interface ProviderDescriptor {
  id: ProviderId;
  label: string;
  defaultBaseUrl: string;
  baseUrlHelp: string;
  auth: AuthSpec[];
  /** Non-secret, non-auth settings (API prefix, watched names, …). */
  settings: FieldSpec[];
  capabilities: Capability[];
  /** Parameters each instance action takes, for the action forms and `--param k=v`. */
  actionParams: Partial<Record<string, FieldSpec[]>>;
}

export const PROVIDERS: Record<ProviderId, ProviderDescriptor> = {
  nim: {
    id: 'nim',
    label: 'NGINX Instance Manager',
    defaultBaseUrl: 'https://nim.example.com',
    baseUrlHelp: 'The NIM host; the API prefix is added for you.',
    auth: [
      {
        method: 'basic',
        label: 'Username and password',
        fields: [
          { key: 'username', label: 'Username', required: true },
          { key: 'password', label: 'Password', secret: true, required: true },
        ],
      },
      {
        method: 'bearer',
        label: 'JWT (OIDC)',
        fields: [{ key: 'token', label: 'Access token', secret: true, required: true }],
      },
    ],
    settings: [
      {
        key: 'apiPrefix',
        label: 'API prefix',
        placeholder: '/api/platform/v1',
        help: 'Newer releases also answer on /api/nim/v1.',
      },
    ],
    capabilities: [
      'instances.list',
      'instances.get',
      'nodes.list',
      'nodes.get',
      'nodes.metrics',
      'configs.read',
      'configs.analyze',
      'configs.publish',
    ],
    actionParams: {},
  },
  skyport: {
    id: 'skyport',
    label: 'Skyport panel',
    defaultBaseUrl: 'http://localhost:3001',
    baseUrlHelp: 'The panel address (default port 3001).',
    auth: [
      {
        method: 'apiKey',
        label: 'API key',
        fields: [{ key: 'apiKey', label: 'API key (skyport_…)', secret: true, required: true }],
      },
    ],
    settings: [],
    capabilities: [
      'instances.list',
      'instances.get',
      'instances.deploy',
      'instances.suspend',
      'instances.unsuspend',
      'instances.delete',
      'nodes.list',
      'nodes.get',
      'nodes.create',
      'nodes.delete',
    ],
    actionParams: {
      deploy: [
        { key: 'name', label: 'Name', required: true },
        { key: 'image', label: 'Docker image', required: true },
        { key: 'imagename', label: 'Image name (from the panel’s images)', required: true },
        { key: 'nodeId', label: 'Node id', required: true },
        { key: 'user', label: 'Owner user id', required: true },
        { key: 'memory', label: 'Memory (MB)', required: true },
        { key: 'cpu', label: 'CPU', required: true },
        { key: 'ports', label: 'Ports (c1:h1,c2:h2)', required: true },
        { key: 'primary', label: 'Primary port', required: true },
      ],
    },
  },
  zesty: {
    id: 'zesty',
    label: 'Zesty.io',
    defaultBaseUrl: 'https://accounts.api.zesty.io/v1',
    baseUrlHelp: 'The Accounts API (lists your instances).',
    auth: [
      {
        method: 'login',
        label: 'Email and password (session)',
        fields: [
          { key: 'email', label: 'Email', required: true },
          { key: 'password', label: 'Password', secret: true, required: true },
        ],
      },
      {
        method: 'token',
        label: 'Access token',
        fields: [{ key: 'token', label: 'Access token', secret: true, required: true }],
      },
    ],
    settings: [
      { key: 'authUrl', label: 'Auth API', placeholder: 'https://auth.api.zesty.io' },
      {
        key: 'instancesUrl',
        label: 'Instances API (use {zuid})',
        placeholder: 'https://{zuid}.api.zesty.io/v1',
      },
    ],
    capabilities: ['instances.list', 'instances.get', 'instances.create'],
    actionParams: {
      create: [{ key: 'name', label: 'Name', required: true }],
    },
  },
  everypoint: {
    id: 'everypoint',
    label: 'EveryPoint',
    defaultBaseUrl: 'https://api.everypoint.io/v3',
    baseUrlHelp: 'The v3 API root.',
    auth: [
      {
        method: 'basic',
        label: 'API key and secret',
        fields: [
          { key: 'username', label: 'API key', required: true },
          { key: 'password', label: 'API secret', secret: true, required: true },
        ],
      },
    ],
    settings: [],
    capabilities: [
      'instances.list',
      'instances.get',
      'instances.create',
      'instances.rename',
      'instances.update',
      'instances.delete',
    ],
    actionParams: {
      create: [
        { key: 'name', label: 'Name (a-z, 0-9, -)', required: true },
        { key: 'description', label: 'Description', required: true },
      ],
      rename: [{ key: 'name', label: 'New name', required: true }],
      update: [{ key: 'description', label: 'Description', required: true }],
    },
  },
  kianda: {
    id: 'kianda',
    label: 'Kianda',
    defaultBaseUrl: 'https://example.kianda.com',
    baseUrlHelp: 'Your Kianda domain.',
    auth: [
      {
        method: 'password',
        label: 'Administrator login',
        fields: [
          { key: 'username', label: 'Username', required: true },
          { key: 'subscriptionId', label: 'Subscription id', required: true },
          { key: 'password', label: 'Password', secret: true, required: true },
        ],
      },
    ],
    settings: [
      {
        key: 'watch',
        label: 'Process instances to watch',
        placeholder: 'training-approval-request-1, …',
        help: 'Kianda has no list call: name the instances Hangar should follow (created ones are added).',
      },
    ],
    capabilities: ['instances.list', 'instances.get', 'instances.create', 'instances.update', 'configs.read', 'configs.publish'],
    actionParams: {
      create: [
        { key: 'processName', label: 'Process name', required: true },
        { key: 'instanceID', label: 'Instance name', required: true },
      ],
      update: [{ key: 'fields', label: 'Fields (JSON object of name → value)', required: true }],
    },
  },
};

export function providerHas(provider: ProviderId, capability: Capability): boolean {
  return PROVIDERS[provider].capabilities.includes(capability);
}

import type { Instance, InstanceStatus, NodeInfo, NodeStatus } from '../../../../../shared/model';

/**
 * Keys whose values are credentials wherever they appear in a panel object: the node daemon key (embedded
 * in every instance), a new node's configure key, users' bcrypt hashes and reset tokens, the daemon's MySQL
 * password.
 */
const SECRET_KEY = /^(api_?key|configure_?key|access_?key|password|passwd|pass|reset_?token|secret|token)$/i;
/** Env entries like RCON_PASSWORD=… or DB_TOKEN=…: the name stays, the value goes. */
const SECRET_ENV = /^([A-Za-z0-9_.-]*(?:PASS|SECRET|TOKEN|KEY)[A-Za-z0-9_.-]*)=(.+)$/i;

export const MASK = '***';

/**
 * A copy of a panel object with every credential removed (keys) or masked (env values). `onSecret` sees
 * each removed string value, so the caller can teach the redactor to mask it anywhere else.
 */
export function stripSecrets(value: unknown, onSecret?: (secret: string) => void): unknown {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? maskEnv(v, onSecret) : stripSecrets(v, onSecret)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k)) {
        if (typeof v === 'string' && v) onSecret?.(v);
        continue;
      }
      out[k] = stripSecrets(v, onSecret);
    }
    return out;
  }
  return value;
}

function maskEnv(entry: string, onSecret?: (secret: string) => void): string {
  const m = SECRET_ENV.exec(entry);
  if (!m) return entry;
  onSecret?.(m[2]);
  return `${m[1]}=${MASK}`;
}

type Obj = Record<string, unknown>;

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function isObject(v: unknown): v is Obj {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

const INSTANCE_STATES: Record<string, InstanceStatus> = {
  READY: 'running',
  INSTALLING: 'installing',
  FAILED: 'failed',
};

/** A panel instance object as Hangar's Instance; undefined when it has no usable Id. */
export function toInstance(accountId: string, raw: unknown, onSecret?: (s: string) => void): Instance | undefined {
  if (!isObject(raw)) return undefined;
  const id = str(raw.Id) ?? str(raw.VolumeId);
  if (!id) return undefined;
  const state = str(raw.InternalState)?.toUpperCase();
  const suspended = raw.suspended === true;
  const status: InstanceStatus = suspended ? 'suspended' : ((state ? INSTANCE_STATES[state] : undefined) ?? 'unknown');
  const node = isObject(raw.Node) ? raw.Node : undefined;
  const labels: Record<string, string> = {};
  for (const [label, v] of [
    ['image', raw.Image],
    ['user', raw.User],
    ['memoryMb', raw.Memory],
    ['cpu', raw.Cpu],
    ['node', node?.name],
  ] as const) {
    const s = str(v);
    if (s) labels[label] = s;
  }
  const instance: Instance = {
    accountId,
    provider: 'skyport',
    id,
    name: str(raw.Name) ?? id,
    status,
    rawStatus: [state ?? 'UNKNOWN', suspended ? 'suspended' : ''].filter(Boolean).join(', '),
    labels,
    raw: stripSecrets(raw, onSecret),
  };
  const nodeId = str(node?.id);
  if (nodeId) instance.nodeId = nodeId;
  const address = instanceAddress(str(node?.address), raw.Primary, raw.Ports);
  if (address) instance.address = address;
  const imageName = isObject(raw.imageData) ? str(raw.imageData.Name) : undefined;
  if (imageName) instance.description = imageName;
  return instance;
}

/** host:port of the primary port (or the first host port when primary is unset/0). */
function instanceAddress(host: string | undefined, primary: unknown, ports: unknown): string | undefined {
  if (!host) return undefined;
  const p = Number(primary);
  if (Number.isInteger(p) && p > 0 && p < 65536) return `${host}:${p}`;
  const first = typeof ports === 'string' ? /^\s*\d+\s*:\s*(\d+)/.exec(ports)?.[1] : undefined;
  return first ? `${host}:${first}` : host;
}

const NODE_STATES: Record<string, NodeStatus> = {
  online: 'online',
  offline: 'offline',
  unconfigured: 'unconfigured',
  // The daemon registered itself; the panel has not checked it since (only its admin pages ping nodes).
  configured: 'unknown',
};

/** A panel node object as Hangar's NodeInfo; undefined when it has no id (the list can hold nulls). */
export function toNode(accountId: string, raw: unknown, onSecret?: (s: string) => void): NodeInfo | undefined {
  if (!isObject(raw)) return undefined;
  const id = str(raw.id);
  if (!id) return undefined;
  const rawStatus = str(raw.status);
  let status: NodeStatus = (rawStatus ? NODE_STATES[rawStatus.toLowerCase()] : undefined) ?? 'unknown';
  // A pending configure key means the daemon never registered, whatever the last ping said.
  if (str(raw.configureKey) && status === 'offline') status = 'unconfigured';
  const docker = isObject(raw.docker) && isObject(raw.docker.systemInfo) ? raw.docker.systemInfo : undefined;
  const node: NodeInfo = {
    accountId,
    provider: 'skyport',
    id,
    name: str(raw.name) ?? id,
    status,
    raw: stripSecrets(raw, onSecret),
  };
  if (rawStatus) node.rawStatus = rawStatus;
  const address = str(raw.address);
  if (address) node.address = str(raw.port) ? `${address}:${str(raw.port)}` : address;
  const cpu = cores(raw.processor) ?? positive(docker?.NCPU);
  if (cpu !== undefined) node.cpu = cpu;
  const ram = megabytes(raw.ram);
  if (ram !== undefined) node.memoryMb = ram;
  const disk = megabytes(raw.disk);
  if (disk !== undefined) node.diskMb = disk;
  const labels: Record<string, string> = {};
  const tags = str(raw.tags);
  if (tags) labels.tags = tags;
  const version = str(raw.versionRelease);
  if (version) labels.version = version;
  const processor = str(raw.processor);
  if (processor) labels.processor = processor;
  if (Object.keys(labels).length) node.labels = labels;
  return node;
}

/** "8", "8 cores", "AMD EPYC 7543 (8 cores)" → 8; a bare model name → undefined. */
function cores(v: unknown): number | undefined {
  const s = str(v);
  if (!s) return undefined;
  const n = /^\d+$/.test(s) ? Number(s) : Number(/(\d+)\s*(?:cores?|vcpus?|cpus?|threads?)\b/i.exec(s)?.[1]);
  return positive(n);
}

/** The panel stores RAM and disk as free text: "8192" (MB), "8 GB", "512000MB", "2TB". */
function megabytes(v: unknown): number | undefined {
  const s = str(v);
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt])?i?b?$/i.exec(s);
  if (!m) return undefined;
  const factor = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 }[(m[2] ?? 'm').toLowerCase() as 'k' | 'm' | 'g' | 't'];
  return positive(Math.round(Number(m[1]) * factor));
}

function positive(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

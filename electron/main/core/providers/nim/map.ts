import { HangarError } from '../../../../../shared/errors';
import type { ConfigDocument, ConfigFile, Deployment, Instance, InstanceStatus, MetricSeries, NodeInfo, NodeStatus } from '../../../../../shared/model';

/** Instance ids are `systemUid:nginxUid`: every instance call in NIM needs both. */
export function instanceId(systemUid: string, nginxUid: string): string {
  return `${systemUid}:${nginxUid}`;
}

export function splitInstanceId(id: string): { systemUid: string; nginxUid: string } | undefined {
  const m = /^([^:/\s]+):([^:/\s]+)$/.exec(id);
  return m ? { systemUid: m[1], nginxUid: m[2] } : undefined;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function instanceStatus(state: string | undefined): InstanceStatus {
  if (state === 'online') return 'running';
  if (state === 'offline') return 'offline';
  return 'unknown';
}

function nodeStatus(state: string | undefined): NodeStatus {
  if (state === 'online' || state === 'offline') return state;
  return 'unknown';
}

export function toInstance(accountId: string, raw: unknown): Instance {
  if (!isObj(raw) || !str(raw.uid) || !str(raw.systemUid)) {
    throw new HangarError('BAD_RESPONSE', 'NGINX Instance Manager sent an instance without uid and systemUid');
  }
  const status = isObj(raw.status) ? str(raw.status.state) : undefined;
  const build = isObj(raw.build) ? raw.build : {};
  const labels: Record<string, string> = {};
  if (typeof build.nginxPlus === 'boolean') labels.edition = build.nginxPlus ? 'NGINX Plus' : 'NGINX Open Source';
  if (str(raw.instanceGroupUid)) labels.instanceGroup = raw.instanceGroupUid as string;
  return {
    accountId,
    provider: 'nim',
    id: instanceId(raw.systemUid as string, raw.uid as string),
    name: str(raw.displayName) ?? (raw.uid as string),
    status: instanceStatus(status),
    rawStatus: status,
    nodeId: raw.systemUid as string,
    version: str(raw.version) ?? str(build.version),
    description: str(raw.configPath),
    labels,
    updatedAt: isObj(raw.status) ? str(raw.status.lastStatusReport) : undefined,
    raw,
  };
}

export function toNode(accountId: string, raw: unknown): NodeInfo {
  if (!isObj(raw) || !str(raw.uid)) throw new HangarError('BAD_RESPONSE', 'NGINX Instance Manager sent a system without uid');
  const state = isObj(raw.status) ? str(raw.status.state) : undefined;
  const ifaces = isObj(raw.networkConfig) && Array.isArray(raw.networkConfig.networkInterfaces) ? raw.networkConfig.networkInterfaces : [];
  const firstAddress = ifaces
    .flatMap((i) => (isObj(i) && Array.isArray(i.addresses) ? i.addresses : []))
    .find((a): a is string => typeof a === 'string');
  const cores = Array.isArray(raw.processor)
    ? raw.processor.reduce((n: number, p) => n + (isObj(p) && typeof p.cores === 'number' ? p.cores : 0), 0)
    : 0;
  const bytes = (v: unknown) => (isObj(v) && typeof v.total === 'number' ? Math.round(v.total / 1024 / 1024) : undefined);
  const labels: Record<string, string> = {};
  for (const t of Array.isArray(raw.tags) ? raw.tags : []) {
    if (typeof t !== 'string') continue;
    const [k, ...v] = t.split(/[:=]/);
    labels[k] = v.join(':');
  }
  return {
    accountId,
    provider: 'nim',
    id: raw.uid as string,
    name: str(raw.displayName) ?? str(raw.hostname) ?? (raw.uid as string),
    status: nodeStatus(state),
    rawStatus: state,
    address: firstAddress?.replace(/\/\d+$/, ''),
    cpu: cores || undefined,
    memoryMb: bytes(raw.memory),
    diskMb: bytes(raw.disk),
    instanceCount: typeof raw.nginxInstanceCount === 'number' ? raw.nginxInstanceCount : undefined,
    labels,
    updatedAt: isObj(raw.status) ? str(raw.status.lastStatusReport) : undefined,
    raw,
  };
}

function decodeFiles(list: unknown, where: string): ConfigFile[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new HangarError('BAD_RESPONSE', `NGINX Instance Manager sent ${where} that is not a list`);
  return list.map((f, i) => {
    if (!isObj(f) || !str(f.name) || typeof f.contents !== 'string' || !/^[A-Za-z0-9+/=\s]*$/.test(f.contents)) {
      throw new HangarError('BAD_RESPONSE', `NGINX Instance Manager sent ${where}[${i}] without a name or with contents that are not base64`);
    }
    return { name: f.name as string, contents: Buffer.from(f.contents, 'base64').toString('utf8') };
  });
}

export function toConfigDocument(accountId: string, id: string, raw: unknown): ConfigDocument {
  if (!isObj(raw) || !isObj(raw.configFiles)) throw new HangarError('BAD_RESPONSE', 'NGINX Instance Manager sent a config without configFiles');
  const versions = isObj(raw.configVersion) && Array.isArray(raw.configVersion.versions) ? raw.configVersion.versions : [];
  const versionHash = versions.map((v) => (isObj(v) ? str(v.versionHash) : undefined)).find(Boolean);
  const updateTime = str(raw.updateTime);
  const revision = updateTime ?? versionHash;
  if (!revision) throw new HangarError('BAD_RESPONSE', 'NGINX Instance Manager sent a config without updateTime or versionHash');
  const aux = isObj(raw.auxFiles) ? raw.auxFiles.files : undefined;
  return {
    accountId,
    instanceId: id,
    revision,
    versionHash,
    updatedAt: updateTime,
    rootDir: str(raw.configFiles.rootDir),
    files: [...decodeFiles(raw.configFiles.files, 'configFiles.files'), ...decodeFiles(aux, 'auxFiles.files')],
    raw: { ...raw, configFiles: { rootDir: raw.configFiles.rootDir }, auxFiles: isObj(raw.auxFiles) ? { rootDir: raw.auxFiles.rootDir } : undefined },
  };
}

/** pending while anything is pending; finalized/successful count as success only with no failure. */
export function toDeployment(accountId: string, raw: unknown, instanceIdHint?: string): Deployment {
  if (!isObj(raw) || !str(raw.id)) throw new HangarError('BAD_RESPONSE', 'NGINX Instance Manager sent a deployment without id');
  const details = isObj(raw.details) ? raw.details : {};
  const names = (v: unknown) => (Array.isArray(v) ? v.map((x) => (isObj(x) ? str(x.name) ?? '' : String(x))) : []);
  const failures = (Array.isArray(details.failure) ? details.failure : []).map((f) => ({
    name: isObj(f) ? str(f.name) ?? '' : String(f),
    message: isObj(f) ? str(f.failMessage) ?? str(f.message) ?? '' : '',
  }));
  const pending = names(details.pending);
  const rawStatus = str(raw.status) ?? '';
  let status: Deployment['status'];
  if (rawStatus === 'pending' || (pending.length > 0 && rawStatus !== 'failed')) status = 'pending';
  else if (rawStatus === 'failed' || failures.length > 0) status = 'failed';
  else if (rawStatus === 'finalized' || rawStatus === 'successful') status = 'succeeded';
  else status = 'pending';
  if (status === 'failed' && failures.length === 0 && str(details.error)) failures.push({ name: '', message: details.error as string });
  return {
    accountId,
    id: raw.id as string,
    instanceId: instanceIdHint,
    status,
    message: str(raw.message),
    succeeded: names(details.success),
    failures,
    createdAt: str(raw.createTime),
    updatedAt: str(raw.updateTime),
    raw,
  };
}

const UNITS: Record<string, string> = {
  'system.cpu.user': '%',
  'system.cpu.system': '%',
  'system.mem.pct_used': '%',
  'system.load.1': 'load',
  'system.net.bytes_rcvd': 'B',
  'system.net.bytes_sent': 'B',
  'nginx.http.request.count': 'req',
  'nginx.http.conn.active': 'conn',
};

/** The `metrics` of /analytics/metrics as series; one series per metric (the query filters one system). */
export function toMetricSeries(raw: unknown): MetricSeries[] {
  if (!isObj(raw) || !Array.isArray(raw.metrics)) throw new HangarError('BAD_RESPONSE', 'NGINX Instance Manager sent metrics without a metrics list');
  return raw.metrics.filter(isObj).map((m) => {
    const name = str(m.name) ?? 'unknown';
    const points = (Array.isArray(m.series) ? m.series : []).filter(isObj).flatMap((s) => {
      const ts = Array.isArray(s.timestamps) ? s.timestamps : [];
      const vs = Array.isArray(s.values) ? s.values : [];
      return ts
        .map((t, i) => ({ t: typeof t === 'number' ? t : Date.parse(String(t)), v: Number(vs[i]) }))
        .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));
    });
    points.sort((a, b) => a.t - b.t);
    return { name, unit: UNITS[name], points };
  });
}

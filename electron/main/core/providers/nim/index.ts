/**
 * NGINX Instance Manager provider (apis.md §2, seed 001). The account's base URL is the NIM host; the
 * API prefix (fields.apiPrefix, default /api/platform/v1; newer releases also /api/nim/v1) is added here.
 * Auth: Basic (fields.username + secrets.password) or Bearer (secrets.token) for the `bearer` method.
 *
 * Systems are nodes; instances get the id `systemUid:nginxUid` because every instance call needs both.
 * Lists read every page with one pageToken snapshot. Configs: revision = updateTime, which publishing sends
 * back so NIM answers 409 when the live config moved on (CONFLICT here; `force` sends ignoreConflict).
 * Publishing returns the pending deployment; getDeployment follows it to succeeded or failed.
 * Analysis posts to /analysis/config and falls back to the local parser where the server has no analyzer.
 */
import { HangarError } from '../../../../../shared/errors';
import type { ConfigDocument, ConfigFile, Deployment, Instance, MetricSeries, NodeInfo } from '../../../../../shared/model';
import { PROVIDERS } from '../../../../../shared/providers';
import { formatNginxError, parseNginx } from '../../configs/nginx/parse';
import type { AuthHook, HttpClient } from '../../http/client';
import { hostOf, plural } from '../../util/text';
import type { PageSink } from '../paging';
import { BaseProvider, type ConfigGroup, type ProviderContext, type ProviderFactory, type PublishRequest, type StagedConfig } from '../types';
import { readNimError } from './errors';
import { instanceId, splitInstanceId, toConfigDocument, toDeployment, toInstance, toMetricSeries, toNode } from './map';
import { forEachPage } from './pages';

export const NIM_DEFAULT_PREFIX = '/api/platform/v1';
const NODE_METRICS = ['system.cpu.user', 'system.cpu.system', 'system.mem.pct_used', 'system.load.1', 'system.net.bytes_rcvd', 'system.net.bytes_sent'];
/** Per-instance metrics, summed over the system's instances. */
const NODE_TRAFFIC_METRICS = ['nginx.http.request.count', 'nginx.http.conn.active'];
const SAFE_UID = /^[A-Za-z0-9._-]+$/;

export class NimProvider extends BaseProvider {
  readonly id = 'nim' as const;
  readonly capabilities = PROVIDERS.nim.capabilities;
  private client: HttpClient | undefined;

  constructor(ctx: ProviderContext) {
    super(ctx);
    const { username } = ctx.account.fields;
    if (ctx.secrets.password) ctx.redactor.addBasic(username ?? '', ctx.secrets.password);
    if (ctx.secrets.token) ctx.redactor.add(ctx.secrets.token);
  }

  private http(): HttpClient {
    if (!this.client) {
      const prefix = normalizePrefix(this.ctx.account.fields.apiPrefix);
      this.client = this.ctx.http({
        baseUrl: this.ctx.account.baseUrl.replace(/\/+$/, '') + prefix,
        auth: this.authHook(),
        readError: readNimError,
        label: `NGINX Instance Manager at ${hostOf(this.ctx.account.baseUrl)}`,
      });
    }
    return this.client;
  }

  private authHook(): AuthHook {
    const { account, secrets } = this.ctx;
    if (account.authMethod === 'bearer') {
      return {
        apply: async (h) => {
          if (!secrets.token) throw new HangarError('AUTH', 'No access token is stored for this NGINX Instance Manager account');
          h.authorization = `Bearer ${secrets.token}`;
        },
      };
    }
    return {
      apply: async (h) => {
        const user = account.fields.username;
        if (!user || !secrets.password) throw new HangarError('AUTH', 'A username and password are needed for this NGINX Instance Manager account');
        h.authorization = `Basic ${Buffer.from(`${user}:${secrets.password}`).toString('base64')}`;
      },
    };
  }

  async test(): Promise<{ summary: string }> {
    const [systems, instances] = await Promise.all([this.count('/systems'), this.count('/instances')]);
    return { summary: `${plural(systems, 'system')}, ${plural(instances, 'instance')}` };
  }

  private async count(path: string): Promise<number> {
    const body = await this.http().getJson<{ count?: unknown; items?: unknown[] }>(path, { pageSize: 1 });
    if (typeof body?.count === 'number') return body.count;
    throw new HangarError('BAD_RESPONSE', `NGINX Instance Manager answered ${path} without a count`);
  }

  async eachInstancePage(onPage: PageSink<Instance>): Promise<void> {
    await forEachPage(this.http(), '/instances', (items) => onPage(items.map((i) => toInstance(this.ctx.account.id, i))));
  }

  async getInstance(id: string): Promise<Instance> {
    const { systemUid, nginxUid } = await this.resolve(id);
    const raw = await this.http().getJson(`/systems/${systemUid}/instances/${nginxUid}`);
    return toInstance(this.ctx.account.id, raw);
  }

  override async eachNodePage(onPage: PageSink<NodeInfo>): Promise<void> {
    await forEachPage(this.http(), '/systems', (items) => onPage(items.map((s) => toNode(this.ctx.account.id, s))));
  }

  override async getNode(id: string): Promise<NodeInfo> {
    return toNode(this.ctx.account.id, await this.http().getJson(`/systems/${checkUid(id, 'System id')}`));
  }

  override async nodeMetrics(id: string, rangeMinutes: number): Promise<MetricSeries[]> {
    const uid = checkUid(id, 'System id');
    if (!Number.isFinite(rangeMinutes) || rangeMinutes < 1 || rangeMinutes > 60 * 24 * 30) {
      throw new HangarError('VALIDATION', 'The metrics range must be between 1 minute and 30 days');
    }
    const minutes = Math.round(rangeMinutes);
    // About 60 points whatever the range.
    const resolution = `${Math.max(1, Math.ceil(minutes / 60))}m`;
    const raw = await this.http().getJson('/analytics/metrics', {
      names: [...NODE_METRICS.map((n) => `AVG(${n})`), ...NODE_TRAFFIC_METRICS.map((n) => `SUM(${n})`)].join(','),
      startTime: `now-${minutes}m`,
      resolution,
      filter: `system_id='${uid}'`,
    });
    return toMetricSeries(raw);
  }

  override async getConfig(id: string): Promise<ConfigDocument> {
    const { systemUid, nginxUid } = await this.resolve(id);
    const raw = await this.http().getJson(`/systems/${systemUid}/instances/${nginxUid}/config`);
    return toConfigDocument(this.ctx.account.id, instanceId(systemUid, nginxUid), raw);
  }

  override async analyzeConfig(_id: string, files: ConfigFile[]): Promise<{ ok: boolean; messages: string[] }> {
    if (files.length === 0) throw new HangarError('VALIDATION', 'There are no files to analyze');
    const res = await this.http().request<{ result?: unknown; errors?: unknown }>({
      method: 'POST',
      path: '/analysis/config',
      json: { configFiles: { rootDir: commonDir(files.map((f) => f.name)), files: encode(files) } },
      okStatuses: [404, 405, 501],
    });
    if (res.status !== 200 || typeof res.body !== 'object' || res.body === null) return analyzeLocally(files);
    const errors = Array.isArray(res.body.errors) ? res.body.errors : [];
    const messages = errors.map((e) => {
      const x = e as { text?: unknown; message?: unknown; file?: unknown; line?: unknown };
      if (typeof x.text === 'string') return x.text;
      return `${String(x.message ?? 'error')}${x.file ? ` in ${String(x.file)}${x.line ? `:${String(x.line)}` : ''}` : ''}`;
    });
    return { ok: res.body.result === 'pass' && messages.length === 0, messages };
  }

  override async publishConfig(req: PublishRequest): Promise<Deployment> {
    if (req.files.length === 0) throw new HangarError('VALIDATION', 'There are no files to publish');
    const { systemUid, nginxUid } = await this.resolve(req.instanceId);
    const id = instanceId(systemUid, nginxUid);
    return this.publishTo(`/systems/${systemUid}/instances/${nginxUid}/config`, await this.getConfig(id), req, id);
  }

  override async listConfigGroups(): Promise<ConfigGroup[]> {
    const groups: ConfigGroup[] = [];
    const raw: { uid?: unknown }[] = [];
    await forEachPage(this.http(), '/instance-groups', (items) => {
      raw.push(...(items as { uid?: unknown }[]));
    });
    // The list has no members; each group's own answer does.
    for (const g of raw) {
      if (typeof g.uid !== 'string') continue;
      const one = await this.http().getJson<Record<string, unknown>>(`/instance-groups/${checkUid(g.uid, 'Instance group id')}`);
      const members = Array.isArray(one.instances) ? (one.instances as Record<string, unknown>[]) : [];
      groups.push({
        id: g.uid,
        name: typeof one.displayName === 'string' && one.displayName ? one.displayName : String(one.name ?? g.uid),
        members: members
          .filter((m) => typeof m.uid === 'string' && typeof m.systemUid === 'string')
          .map((m) => ({ id: instanceId(m.systemUid as string, m.uid as string), name: String(m.displayName ?? m.uid) })),
      });
    }
    return groups;
  }

  override async getGroupConfig(groupId: string): Promise<ConfigDocument> {
    const uid = checkUid(groupId, 'Instance group id');
    return toConfigDocument(this.ctx.account.id, uid, await this.http().getJson(`/instance-groups/${uid}/config`));
  }

  override async publishGroupConfig(req: PublishRequest): Promise<Deployment> {
    if (req.files.length === 0) throw new HangarError('VALIDATION', 'There are no files to publish');
    const uid = checkUid(req.instanceId, 'Instance group id');
    return this.publishTo(`/instance-groups/${uid}/config`, await this.getGroupConfig(uid), req, uid);
  }

  override async listStagedConfigs(): Promise<StagedConfig[]> {
    const out: StagedConfig[] = [];
    await forEachPage(this.http(), '/configs', (items) => {
      for (const c of items as Record<string, unknown>[]) {
        if (typeof c.uid === 'string') out.push({ id: c.uid, name: String(c.configName ?? c.uid), updatedAt: typeof c.updateTime === 'string' ? c.updateTime : undefined });
      }
    });
    return out;
  }

  override async getStagedConfig(id: string): Promise<ConfigDocument> {
    const uid = checkUid(id, 'Staged config id');
    return toConfigDocument(this.ctx.account.id, uid, await this.http().getJson(`/configs/${uid}`));
  }

  override async saveStagedConfig(req: { id?: string; name: string; files: ConfigFile[]; rootDir?: string }): Promise<StagedConfig> {
    if (req.files.length === 0) throw new HangarError('VALIDATION', 'There are no files to stage');
    const rootDir = req.rootDir ?? commonDir(req.files.map((f) => f.name));
    const res = await this.http().request<Record<string, unknown>>({
      method: req.id ? 'PUT' : 'POST',
      path: req.id ? `/configs/${checkUid(req.id, 'Staged config id')}` : '/configs',
      json: { configName: req.name, configFiles: { rootDir, files: encode(req.files) } },
    });
    const b = res.body ?? {};
    if (typeof b.uid !== 'string') throw new HangarError('BAD_RESPONSE', 'NGINX Instance Manager saved the staged config but sent no uid');
    return { id: b.uid, name: String(b.configName ?? req.name), updatedAt: typeof b.updateTime === 'string' ? b.updateTime : undefined };
  }

  /** POSTs a config payload with the base updateTime; 409 → CONFLICT; 202 → the pending deployment. */
  private async publishTo(path: string, live: ConfigDocument, req: PublishRequest, id: string): Promise<Deployment> {
    if (!req.force && live.revision !== req.baseRevision) throw conflict(live.revision, req.baseRevision);
    const rootDir = live.rootDir ?? commonDir(req.files.map((f) => f.name));
    const inRoot = req.files.filter((f) => f.name.startsWith(rootDir.endsWith('/') ? rootDir : `${rootDir}/`));
    const aux = req.files.filter((f) => !inRoot.includes(f));
    const body: Record<string, unknown> = {
      configFiles: { rootDir, files: encode(inRoot) },
      updateTime: req.baseRevision,
    };
    if (aux.length) body.auxFiles = { rootDir: '/', files: encode(aux) };
    if (req.force) body.ignoreConflict = true;
    let res;
    try {
      res = await this.http().request<{ deploymentUID?: unknown; result?: unknown }>({ method: 'POST', path, json: body });
    } catch (e) {
      if (e instanceof HangarError && e.code === 'CONFLICT') throw conflict(undefined, req.baseRevision, e.message);
      throw e;
    }
    const uid = typeof res.body === 'object' && res.body ? res.body.deploymentUID : undefined;
    if (typeof uid !== 'string' || !uid) throw new HangarError('BAD_RESPONSE', 'NGINX Instance Manager accepted the publish but sent no deploymentUID');
    return {
      accountId: this.ctx.account.id,
      id: uid,
      instanceId: id,
      status: 'pending',
      message: typeof res.body.result === 'string' ? res.body.result : undefined,
      succeeded: [],
      failures: [],
      createdAt: new Date(this.ctx.now()).toISOString(),
      raw: res.body,
    };
  }

  override async getDeployment(id: string): Promise<Deployment> {
    const raw = await this.http().getJson(`/systems/instances/deployments/${checkUid(id, 'Deployment id')}`);
    return toDeployment(this.ctx.account.id, raw);
  }

  override async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }

  /** `systemUid:nginxUid`, or a bare nginx uid looked up in the instance list. */
  private async resolve(id: string): Promise<{ systemUid: string; nginxUid: string }> {
    const split = splitInstanceId(id);
    if (split) return { systemUid: checkUid(split.systemUid, 'System id'), nginxUid: checkUid(split.nginxUid, 'Instance id') };
    const uid = checkUid(id, 'Instance id');
    let found: { systemUid?: unknown } | undefined;
    await forEachPage(this.http(), '/instances', (items) => {
      found ??= items.find((i) => (i as { uid?: unknown }).uid === uid) as { systemUid?: unknown } | undefined;
    });
    if (!found || typeof found.systemUid !== 'string') throw new HangarError('NOT_FOUND', `No NGINX instance ${uid} on this NGINX Instance Manager`);
    return { systemUid: checkUid(found.systemUid, 'System id'), nginxUid: uid };
  }
}

export const createNimProvider: ProviderFactory = (ctx) => new NimProvider(ctx);

function conflict(live: string | undefined, base: string, serverMessage?: string): HangarError {
  const what = live ? `it is now at revision ${live}` : 'the server refused the publish with 409';
  return new HangarError(
    'CONFLICT',
    `The live config changed since your draft was based on it (draft base ${base}; ${what}). Review the differences and publish again, or force the publish to overwrite it.${serverMessage ? ` (${serverMessage})` : ''}`,
    { status: 409, details: { liveRevision: live, baseRevision: base } },
  );
}

function analyzeLocally(files: ConfigFile[]): { ok: boolean; messages: string[] } {
  const messages = files
    .filter((f) => f.name.endsWith('.conf') || f.name.endsWith('/mime.types'))
    .flatMap((f) => parseNginx(f.contents, { file: f.name }).errors.map(formatNginxError));
  return { ok: messages.length === 0, messages };
}

function encode(files: ConfigFile[]) {
  return files.map((f) => ({ name: f.name, contents: Buffer.from(f.contents, 'utf8').toString('base64') }));
}

/** The deepest directory holding every file ("/" at worst). */
export function commonDir(names: string[]): string {
  const dirs = names.map((n) => n.split('/').slice(0, -1));
  if (dirs.length === 0) return '/';
  const first = dirs[0];
  let n = first.length;
  for (const d of dirs) {
    let k = 0;
    while (k < n && k < d.length && d[k] === first[k]) k++;
    n = k;
  }
  const dir = first.slice(0, n).join('/');
  return dir || '/';
}

function normalizePrefix(p: string | undefined): string {
  const v = (p ?? '').trim();
  if (!v) return NIM_DEFAULT_PREFIX;
  if (!/^\/?[A-Za-z0-9._~/-]*$/.test(v)) throw new HangarError('VALIDATION', `The API prefix "${v}" is not a URL path like /api/platform/v1`);
  return `/${v.replace(/^\/+|\/+$/g, '')}`;
}

function checkUid(id: string, what: string): string {
  if (typeof id !== 'string' || !SAFE_UID.test(id)) throw new HangarError('VALIDATION', `${what} "${String(id).slice(0, 80)}" is not a NIM uid`);
  return id;
}

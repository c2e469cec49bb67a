/**
 * Skyport panel provider (apis.md §3): `x-api-key` from secrets.apiKey; the account's base URL is the panel
 * (routes are /api/... under it).
 *
 * What the real panel makes this provider do:
 *   - every POST counts against a global 6-per-6-s limit, so write POSTs are never retried; read-only POSTs
 *     (getInstance) wait out one 429 and try once more;
 *   - suspend/unsuspend write the flag and then answer 500: on a 500 the instance is re-read, and a flag that
 *     did change is a success with `confirmedByReread`;
 *   - node create never answers on panel 0.3.0: a short timeout, then the node list tells whether anything was saved;
 *   - node delete answers 201 for any id, so the id is checked against the list first;
 *   - instance and node objects carry the node daemon key, users their bcrypt hash: mapped objects keep the
 *     raw object without any credential, and each removed value is registered with the redactor.
 */
import { HangarError } from '../../../../../shared/errors';
import type { ActionParams, ActionResult, Instance, InstanceAction, NodeAction, NodeInfo, OptionEntry, OptionList } from '../../../../../shared/model';
import { PROVIDERS } from '../../../../../shared/providers';
import { describeBody, isJson, retryAfterMs, type HttpClient, type HttpResponse } from '../../http/client';
import { sleep } from '../../util/concurrency';
import { hostOf, plural } from '../../util/text';
import { MappedPages, type PageSink } from '../paging';
import { BaseProvider, type ProviderContext, type ProviderFactory } from '../types';
import { messageOf, readSkyportError } from './errors';
import { isObject, stripSecrets, toInstance, toNode } from './map';
import { toImageOption, toUserOption } from './options';

export interface SkyportProviderOptions {
  /** How long to wait for POST /api/nodes/create, which never answers on panel 0.3.0. */
  nodeCreateTimeoutMs?: number;
  /** Longest Retry-After honoured for the one retry of a read-only POST. */
  maxRateLimitWaitMs?: number;
}

const DEFAULTS: Required<SkyportProviderOptions> = { nodeCreateTimeoutMs: 10_000, maxRateLimitWaitMs: 7_000 };
/** The panel's limiter window, used when a 429 carries no Retry-After. */
const RATE_WINDOW_MS = 6_000;
const DEPLOY_FIELDS = (PROVIDERS.skyport.actionParams.deploy ?? []).map((f) => f.key);
const NODE_FIELDS = ['name', 'tags', 'ram', 'disk', 'processor', 'address', 'port'] as const;
const PORTS_RULE = /^\d{1,5}:\d{1,5}(,\d{1,5}:\d{1,5})*$/;

export class SkyportProvider extends BaseProvider {
  readonly id = 'skyport' as const;
  readonly capabilities = PROVIDERS.skyport.capabilities;
  private client: HttpClient | undefined;
  private readonly options: Required<SkyportProviderOptions>;
  private readonly knownSecrets = new Set<string>();
  private readonly onSecret = (secret: string) => {
    if (this.knownSecrets.has(secret)) return;
    this.knownSecrets.add(secret);
    this.ctx.redactor.add(secret);
  };

  constructor(ctx: ProviderContext, options: SkyportProviderOptions = {}) {
    super(ctx);
    this.options = { ...DEFAULTS, ...options };
    ctx.redactor.add(ctx.secrets.apiKey);
  }

  async test(): Promise<{ summary: string }> {
    let n = 0;
    const [, instances] = await Promise.all([
      this.streamList('/api/nodes', (raw) => void (isObject(raw) && n++)),
      this.streamList('/api/instances', () => undefined),
    ]);
    return { summary: `${plural(n, 'node')}, ${plural(instances, 'instance')}` };
  }

  async eachInstancePage(onPage: PageSink<Instance>): Promise<void> {
    const skipped = await this.streamPages('/api/instances', (raw) => toInstance(this.ctx.account.id, raw, this.onSecret), onPage);
    if (skipped) this.ctx.log.warn('skyport: instances without an Id were left out', { skipped });
  }

  async getInstance(id: string): Promise<Instance> {
    const target = requireId(id, 'instance');
    const body = await this.readPost('/api/getInstance', { id: target });
    const instance = toInstance(this.ctx.account.id, body, this.onSecret);
    if (!instance) throw new HangarError('BAD_RESPONSE', `The panel answered getInstance for ${target} without an instance object`);
    return instance;
  }

  override async eachNodePage(onPage: PageSink<NodeInfo>): Promise<void> {
    // The panel lists null for node ids whose record is gone; those are skipped.
    await this.streamPages('/api/nodes', (raw) => toNode(this.ctx.account.id, raw, this.onSecret), onPage);
  }

  override async getNode(id: string): Promise<NodeInfo> {
    const target = requireId(id, 'node');
    const node = (await this.listNodes()).find((n) => n.id === target);
    if (!node) throw new HangarError('NOT_FOUND', `No node ${target} on this panel`, { status: 404 });
    return node;
  }

  override async actInstance(action: InstanceAction, id: string | undefined, params: ActionParams): Promise<ActionResult> {
    switch (action) {
      case 'deploy':
        return this.deploy(params);
      case 'suspend':
      case 'unsuspend':
        return this.setSuspended(requireId(id, 'instance'), action === 'suspend');
      case 'delete':
        return this.deleteInstance(requireId(id, 'instance'));
      default:
        return super.actInstance(action, id, params);
    }
  }

  /** The panel's images (deploy picks one and fills its variables) and users (the owner). */
  override async listOptions(list: OptionList): Promise<OptionEntry[]> {
    const out: OptionEntry[] = [];
    const map = list === 'images' ? toImageOption : toUserOption;
    await this.streamList(list === 'images' ? '/api/images' : '/api/users', (raw) => {
      const entry = map(stripSecrets(raw, this.onSecret));
      if (entry) out.push(entry);
    });
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  override async actNode(action: NodeAction, id: string | undefined, params: ActionParams): Promise<ActionResult> {
    if (action === 'create') return this.createNode(params);
    if (action === 'delete') return this.deleteNode(requireId(id, 'node'));
    return super.actNode(action, id, params);
  }

  override async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }

  // ---- actions ----

  private async deploy(params: ActionParams): Promise<ActionResult> {
    const p = Object.fromEntries(DEPLOY_FIELDS.map((k) => [k, this.param(params, k).trim()]));
    for (const k of ['memory', 'cpu']) {
      if (!/^[1-9]\d*$/.test(p[k])) throw new HangarError('VALIDATION', `Parameter "${k}" must be a positive whole number (got "${p[k]}")`);
    }
    if (!PORTS_RULE.test(p.ports)) {
      throw new HangarError('VALIDATION', `Parameter "ports" must look like "25565:25565" or "c1:h1,c2:h2" (got "${p.ports}")`);
    }
    if (!/^\d+$/.test(p.primary)) throw new HangarError('VALIDATION', `Parameter "primary" must be a port number or 0 (got "${p.primary}")`);
    const body: Record<string, unknown> = { ...p };
    if (params.variables !== undefined && params.variables !== '') body.variables = parseVariables(params.variables);

    const res = await this.http().request({ method: 'POST', path: '/api/instances/deploy', json: body });
    const answer = this.json(res, 'POST', '/api/instances/deploy');
    const volumeId = isObject(answer) && typeof answer.volumeId === 'string' ? answer.volumeId : undefined;
    if (!volumeId) throw new HangarError('BAD_RESPONSE', 'The panel accepted the deploy but did not say which instance it created (no volumeId)');
    const state = isObject(answer) && typeof answer.state === 'string' ? answer.state : 'INSTALLING';
    const instance: Instance = {
      accountId: this.ctx.account.id,
      provider: 'skyport',
      id: volumeId,
      name: p.name,
      status: state === 'READY' ? 'running' : 'installing',
      rawStatus: state,
      nodeId: p.nodeId,
      labels: { image: p.image, user: p.user, memoryMb: p.memory, cpu: p.cpu },
      raw: stripSecrets(answer, this.onSecret),
    };
    return {
      instance,
      message: `Deploying ${p.name} (${volumeId}); the panel installs it in the background`,
      raw: instance.raw,
    };
  }

  /** The real panel writes the flag and then fails (apis.md Q3): a 500 is checked by re-reading. */
  private async setSuspended(id: string, suspend: boolean): Promise<ActionResult> {
    const verb = suspend ? 'suspend' : 'unsuspend';
    const done = suspend ? 'suspended' : 'no longer suspended';
    let res: HttpResponse;
    try {
      res = await this.http().request({ method: 'POST', path: `/api/instances/${verb}/${encodeURIComponent(id)}` });
    } catch (e) {
      if (!(e instanceof HangarError) || e.code !== 'SERVER') throw e;
      let after: Instance;
      try {
        after = await this.getInstance(id);
      } catch (reread) {
        const why = reread instanceof HangarError ? reread.message : 'unexpected error';
        throw new HangarError('SERVER', `${e.message}. Re-reading the instance to check whether it is ${done} failed too: ${why}`, {
          status: e.status,
        });
      }
      if ((after.status === 'suspended') === suspend) {
        return {
          instance: after,
          confirmedByReread: true,
          message: `The panel answered ${e.status ?? 'an error'}, but re-reading the instance shows it is ${done}`,
        };
      }
      throw e;
    }
    const answer = isObject(res.body) ? res.body : {};
    const instance = await this.getInstance(id).catch(() => undefined);
    return {
      instance,
      message: typeof answer.success === 'string' ? `${id}: ${suspend ? 'suspended' : 'unsuspended'}` : `${id} ${done}`,
      raw: stripSecrets(answer, this.onSecret),
    };
  }

  private async deleteInstance(id: string): Promise<ActionResult> {
    try {
      const res = await this.http().request({ method: 'DELETE', path: '/api/instance/delete', json: { id } });
      return { message: messageOf(res) ?? `Deleted instance ${id}` };
    } catch (e) {
      if (e instanceof HangarError && e.code === 'SERVER') {
        throw new HangarError('SERVER', `${e.message} (the panel could not reach the node's daemon; the instance was not deleted)`, {
          status: e.status,
        });
      }
      throw e;
    }
  }

  private async createNode(params: ActionParams): Promise<ActionResult> {
    const p = Object.fromEntries(NODE_FIELDS.map((k) => [k, this.param(params, k).trim()])) as Record<(typeof NODE_FIELDS)[number], string>;
    const port = Number(p.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HangarError('VALIDATION', `Parameter "port" must be a port number (got "${p.port}")`);
    const timeoutMs = this.options.nodeCreateTimeoutMs;
    let res: HttpResponse;
    try {
      res = await this.http().request({ method: 'POST', path: '/api/nodes/create', json: p, timeoutMs });
    } catch (e) {
      if (!(e instanceof HangarError) || e.code !== 'TIMEOUT') throw e;
      const saved = await this.listNodes()
        .then((nodes) => nodes.find((n) => n.name === p.name && (n.address ?? '').startsWith(p.address)))
        .catch(() => undefined);
      if (saved) {
        return { node: saved, confirmedByReread: true, message: `The panel did not answer, but node ${p.name} now appears in its list` };
      }
      throw new HangarError(
        'TIMEOUT',
        `The Skyport panel did not answer "create node ${p.name}" within ${Math.round(timeoutMs / 1000)} s. ` +
          'This panel version never answers POST /api/nodes/create (a known bug), and nothing may have been saved: ' +
          `the node list does not show "${p.name}". Create the node from the panel's admin page (Admin → Nodes) instead.`,
        { retryable: false },
      );
    }
    const answer = this.json(res, 'POST', '/api/nodes/create');
    const node = toNode(this.ctx.account.id, isObject(answer) ? answer.Message : undefined, this.onSecret);
    if (!node) throw new HangarError('BAD_RESPONSE', 'The panel created the node but did not return it');
    return { node, message: `Created node ${node.name}; configure its daemon with the configure key shown in the panel` };
  }

  /** The panel answers 201 even for an id it does not have, so the id is checked against the list first. */
  private async deleteNode(id: string): Promise<ActionResult> {
    const nodes = await this.listNodes();
    const node = nodes.find((n) => n.id === id);
    if (!node) throw new HangarError('NOT_FOUND', `No node ${id} on this panel; nothing was deleted`, { status: 404 });
    const res = await this.http().request({ method: 'DELETE', path: '/api/nodes/delete', json: { nodeId: id } });
    if (!isJson(res.contentType) || typeof res.body === 'string') {
      // "The node ID was invalid", answered with 200.
      throw new HangarError('VALIDATION', `The panel did not delete node ${id}: ${messageOf(res) ?? describeBody(res)}`, { status: res.status });
    }
    return { message: `Deleted node ${node.name}` };
  }

  // ---- transport ----

  /** A read-only POST: one 429 is waited out (Retry-After, at most a few seconds) and the call is made once more. */
  private async readPost(path: string, json: unknown): Promise<unknown> {
    let res = await this.http().request({ method: 'POST', path, json, okStatuses: [429] });
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers.get('retry-after')) ?? RATE_WINDOW_MS;
      if (wait > this.options.maxRateLimitWaitMs) {
        throw new HangarError('RATE_LIMITED', `The panel asked to wait ${Math.ceil(wait / 1000)} s before the next request`, { status: 429 });
      }
      this.ctx.log.info('skyport: rate limited, retrying once', { path, waitMs: wait });
      await sleep(wait);
      res = await this.http().request({ method: 'POST', path, json });
    }
    return this.json(res, 'POST', path);
  }

  /** A list the panel answers whole (no paging), read element by element as it arrives. */
  private streamList(path: string, onItem: (raw: unknown) => void): Promise<number> {
    return this.http().streamJsonArray(path, onItem, { notJson: (res) => this.notJson(res, 'GET', path) });
  }

  /** Maps a streamed list into pages; returns how many elements `map` skipped. */
  private async streamPages<T>(path: string, map: (raw: unknown) => T | undefined, onPage: PageSink<T>): Promise<number> {
    const pages = new MappedPages(map, onPage);
    await this.streamList(path, (raw) => pages.push(raw));
    return pages.finish();
  }

  /** The JSON body, or BAD_RESPONSE — the panel answers unknown GET paths with an HTML page and status 200. */
  private json(res: HttpResponse, method: string, path: string): unknown {
    if (isJson(res.contentType) && typeof res.body !== 'string') return res.body;
    throw this.notJson(res, method, path);
  }

  private notJson(res: HttpResponse, method: string, path: string): HangarError {
    return new HangarError(
      'BAD_RESPONSE',
      this.ctx.redactor.redact(
        `The panel answered ${method} ${path} with ${describeBody(res)} instead of JSON: check that the account's address is a Skyport panel (0.3.x)`,
      ),
      { status: res.status },
    );
  }

  private http(): HttpClient {
    if (this.client) return this.client;
    const apiKey = this.ctx.secrets.apiKey ?? '';
    if (!apiKey) throw new HangarError('AUTH', 'Skyport needs an API key (create one in the panel under Admin → API keys)');
    this.client = this.ctx.http({
      auth: {
        apply: async (headers) => {
          headers['x-api-key'] = apiKey;
        },
      },
      readError: readSkyportError,
      label: `Skyport at ${hostOf(this.ctx.account.baseUrl)}`,
    });
    return this.client;
  }
}

export const createSkyportProvider: ProviderFactory = (ctx) => new SkyportProvider(ctx);

function requireId(id: string | undefined, what: string): string {
  const v = id?.trim();
  if (!v) throw new HangarError('VALIDATION', `This action needs the ${what} id`);
  return v;
}

function parseVariables(v: string | number | boolean): Record<string, unknown> {
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v);
      if (isObject(parsed)) return parsed;
    } catch {
      // reported below
    }
  }
  throw new HangarError('VALIDATION', 'Parameter "variables" must be a JSON object of name → value');
}

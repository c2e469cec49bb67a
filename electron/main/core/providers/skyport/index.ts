/**
 * Skyport panel provider (apis.md §3): `x-api-key` from secrets.apiKey; the account's base URL is the panel
 * (routes are /api/... under it).
 *
 * What the real panel makes this provider do:
 *   - every POST counts against a global 6-per-6-s limit, so write POSTs are never retried; read-only POSTs
 *     (getInstance) wait out one 429 and try once more;
 *   - suspend/unsuspend write the flag and then answer 500: the instance is re-read, and a flag that
 *     did change is a success with `confirmedByReread`;
 *   - the panel keys deletes and suspends by `ContainerId`, which an instance only has once its daemon reports
 *     a container (apis.md Q4, §3.6b). So:
 *       · delete reads the list first; an id no longer listed is NOT_FOUND (the panel's surviving per-id record
 *         would answer 200 and call the daemon again); an instance without a ContainerId is refused (CONFLICT,
 *         details.reason NO_CONTAINER_ID) unless `force` — the panel would call `/instances/undefined/delete`
 *         and drop every other installing instance from its lists; afterwards the list is re-read and any other
 *         instance that disappeared is reported (`removedIds`, `warning`);
 *       · suspend/unsuspend confirm against both the per-id record and the global list entry sync reads; the
 *         panel flags the first list entry with the same ContainerId, which can be another instance: that is
 *         reported as a `mismatch` naming the instance flagged instead, not as a success;
 *   - node create never answers on panel 0.3.0: a short timeout, then the node list tells whether anything was saved;
 *   - node delete answers 201 for any id and never checks for instances on the node: the id is checked against
 *     the list first, a node with instances is refused (CONFLICT, NODE_HAS_INSTANCES) unless `force`, and the
 *     list is re-read afterwards;
 *   - "Configured" (the daemon registered, the panel has not checked it since) is not "Unconfigured";
 *   - instance and node objects carry the node daemon key, users their bcrypt hash: mapped objects keep the
 *     raw object without any credential, and each removed value is registered with the redactor.
 */
import { HangarError } from '../../../../../shared/errors';
import type { ActionParams, ActionResult, Instance, InstanceAction, NodeAction, NodeInfo } from '../../../../../shared/model';
import { PROVIDERS } from '../../../../../shared/providers';
import { describeBody, isJson, retryAfterMs, type HttpClient, type HttpResponse } from '../../http/client';
import { sleep } from '../../util/concurrency';
import { hostOf, plural } from '../../util/text';
import { MappedPages, type PageSink } from '../paging';
import { BaseProvider, type ProviderContext, type ProviderFactory } from '../types';
import { messageOf, readSkyportError } from './errors';
import { nameList, toListEntry, type ListEntry } from './list-entries';
import { isObject, stripSecrets, toInstance, toNode } from './map';

export interface SkyportProviderOptions {
  /** How long to wait for POST /api/nodes/create, which never answers on panel 0.3.0. */
  nodeCreateTimeoutMs?: number;
  /** Longest Retry-After honoured for the one retry of a read-only POST. */
  maxRateLimitWaitMs?: number;
  /** How that wait is spent (tests pass one that moves their clock). */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS: Required<SkyportProviderOptions> = { nodeCreateTimeoutMs: 10_000, maxRateLimitWaitMs: 7_000, sleep };
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
        return this.deleteInstance(requireId(id, 'instance'), isForced(params));
      default:
        return super.actInstance(action, id, params);
    }
  }

  override async actNode(action: NodeAction, id: string | undefined, params: ActionParams): Promise<ActionResult> {
    if (action === 'create') return this.createNode(params);
    if (action === 'delete') return this.deleteNode(requireId(id, 'node'), isForced(params));
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
      confirmedBy: 'api',
      message: `Deploying ${p.name} (${volumeId}); the panel installs it in the background`,
      raw: instance.raw,
    };
  }

  /**
   * The real panel writes the flag and then fails (apis.md Q3), and writes it on the global list entry found by
   * ContainerId: the outcome is read back from the per-id record and from the list, and compared.
   */
  private async setSuspended(id: string, suspend: boolean): Promise<ActionResult> {
    const verb = suspend ? 'suspend' : 'unsuspend';
    const done = suspend ? 'suspended' : 'not suspended';
    const before = await this.readList();
    const target = before.get(id);
    if (!target) {
      throw new HangarError('NOT_FOUND', `Instance ${id} is not in the panel's instance list; nothing was sent`, { status: 404 });
    }
    let apiError: HangarError | undefined;
    let answer: Record<string, unknown> = {};
    try {
      const res = await this.http().request({ method: 'POST', path: `/api/instances/${verb}/${encodeURIComponent(id)}` });
      if (isObject(res.body)) answer = res.body;
    } catch (e) {
      if (!(e instanceof HangarError) || e.code !== 'SERVER') throw e;
      apiError = e;
    }
    let record: Instance;
    let after: Map<string, ListEntry>;
    try {
      record = await this.getInstance(id);
      // The target, and the entries sharing its ContainerId whose flag changed (what the panel flagged instead).
      after = await this.readList((e) => e.id === id || (e.containerKey === target.containerKey && before.get(e.id)?.suspended !== e.suspended));
    } catch (reread) {
      const why = reread instanceof HangarError ? reread.message : 'unexpected error';
      const first = apiError ? `${apiError.message}. ` : `The panel accepted "${verb} ${id}". `;
      throw new HangarError('SERVER', `${first}Re-reading the instance to check whether it is ${done} failed: ${why}`, {
        status: apiError?.status,
      });
    }
    const entry = after.get(id);
    const recordOk = (record.status === 'suspended') === suspend;
    const listOk = entry?.suspended === suspend;
    const instead = [...after.values()].filter(
      (e) => e.id !== id && e.containerKey === target.containerKey && e.suspended === suspend && before.get(e.id)?.suspended !== suspend,
    );
    const label = target.name !== id ? `${target.name} (${id})` : id;
    if (recordOk && listOk && instead.length === 0) {
      return {
        instance: entry?.instance ?? record,
        confirmedBy: apiError ? 'reread' : 'api',
        ...(apiError ? { confirmedByReread: true } : {}),
        message: apiError
          ? `The panel answered ${apiError.status ?? 'an error'}, but re-reading the instance shows ${label} is ${done}`
          : `${label}: ${suspend ? 'suspended' : 'unsuspended'}`,
        raw: stripSecrets(answer, this.onSecret),
      };
    }
    if (!recordOk && !listOk && instead.length === 0) {
      if (apiError) throw apiError;
      throw new HangarError('SERVER', `The panel accepted "${verb} ${label}", but re-reading shows it is still ${suspend ? 'not suspended' : 'suspended'}`);
    }
    const state = (flag: boolean | undefined) => (flag === undefined ? 'missing' : flag ? 'suspended' : 'not suspended');
    const listState = entry ? state(entry.suspended) : 'not listed';
    let warning =
      `The panel's records disagree after "${verb} ${label}": its record of the instance says ${state(record.status === 'suspended')}, ` +
      `but its instance list (what Hangar shows) says ${listState}`;
    if (instead.length) {
      warning +=
        `, and it ${suspend ? 'suspended' : 'unsuspended'} ${nameList(instead)} instead. The panel finds the list entry by container id, ` +
        (target.hasContainer
          ? `which ${label} shares with ${instead.length === 1 ? 'it' : 'them'}`
          : `which ${label} does not have yet (it is still installing), so it flagged another instance without one`);
    }
    warning += '. Check these instances in the panel.';
    return {
      instance: entry?.instance ?? record,
      affected: instead.map((e) => e.instance).filter((i): i is Instance => !!i),
      confirmedBy: 'reread',
      mismatch: {
        what: 'suspended flag',
        record: state(record.status === 'suspended'),
        list: listState,
        ...(instead.length ? { instead: instead.map((e) => ({ id: e.id, name: e.name })) } : {}),
      },
      warning,
      message: warning,
    };
  }

  /**
   * The panel deletes by ContainerId (apis.md Q4): an instance without one takes every other installing
   * instance with it, and the per-id record survives, so a deleted id would "delete" again. See the header.
   */
  private async deleteInstance(id: string, force: boolean): Promise<ActionResult> {
    const before = await this.readList();
    const target = before.get(id);
    if (!target) {
      throw new HangarError(
        'NOT_FOUND',
        `Instance ${id} is not in the panel's instance list: it was deleted already or never existed. Nothing was sent ` +
          '(the panel keeps a record of deleted instances and would answer "deleted" again).',
        { status: 404 },
      );
    }
    const label = target.name !== id ? `${target.name} (${id})` : id;
    const sharing = [...before.values()].filter((e) => e.id !== id && e.containerKey === target.containerKey);
    if (!target.hasContainer && !force) {
      const others = sharing.length
        ? `right now that would also remove ${nameList(sharing)}`
        : 'right now no other instance is in that state, but one deployed meanwhile would be removed too';
      throw new HangarError(
        'CONFLICT',
        `Instance ${label} has no container yet (still installing). The panel deletes by container id, so it would ask the ` +
          `node's daemon to delete "/instances/undefined/delete" and remove from its lists every instance that has no container ` +
          `id — ${others}. Nothing was deleted. Wait until it is installed, or delete it with force (CLI: --force) to accept that.`,
        {
          retryable: false,
          details: { reason: 'NO_CONTAINER_ID', force: 'force', wouldAlsoRemove: sharing.slice(0, 50).map((e) => ({ id: e.id, name: e.name })), count: sharing.length },
        },
      );
    }
    try {
      await this.http().request({ method: 'DELETE', path: '/api/instance/delete', json: { id } });
    } catch (e) {
      if (e instanceof HangarError && e.code === 'SERVER') {
        throw new HangarError('SERVER', `${e.message} (the panel could not reach the node's daemon; the instance was not deleted)`, {
          status: e.status,
        });
      }
      throw e;
    }
    const after = await this.readList();
    const removed = [...before.values()].filter((e) => e.id !== id && !after.has(e.id));
    const result: ActionResult = { deletedId: id, confirmedBy: 'reread', message: `Deleted instance ${label}` };
    if (removed.length) {
      result.removedIds = removed.map((e) => e.id);
      result.warning = `The panel also removed ${removed.length === 1 ? 'another instance' : `${removed.length} other instances`} from its list: ${nameList(removed, 10)}.`;
      result.message = `${result.message}. ${result.warning}`;
    }
    if (after.has(id)) {
      delete result.deletedId;
      result.mismatch = { what: 'deletion', record: 'deleted (the panel answered 200)', list: 'still listed' };
      result.warning = `The panel answered that ${label} was deleted, but its instance list still shows it.${result.warning ? ` ${result.warning}` : ''}`;
      result.message = result.warning;
    }
    return result;
  }

  /** Every entry of the global list by id; `keep` selects the entries mapped in full. */
  private async readList(keep?: (e: ListEntry) => boolean): Promise<Map<string, ListEntry>> {
    const out = new Map<string, ListEntry>();
    await this.streamList('/api/instances', (raw) => {
      const e = toListEntry(this.ctx.account.id, raw, keep, this.onSecret);
      if (e) out.set(e.id, e);
    });
    return out;
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

  /**
   * The panel answers 201 even for an id it does not have and never checks for instances on the node (its admin
   * page does): the id is checked against the list, the node's instances are counted, and the list is re-read.
   */
  private async deleteNode(id: string, force: boolean): Promise<ActionResult> {
    const nodes = await this.listNodes();
    const node = nodes.find((n) => n.id === id);
    if (!node) throw new HangarError('NOT_FOUND', `No node ${id} on this panel; nothing was deleted`, { status: 404 });
    const on = [...(await this.readList()).values()].filter((e) => e.nodeId === id);
    if (on.length && !force) {
      throw new HangarError(
        'CONFLICT',
        `Node ${node.name} still has ${plural(on.length, 'instance')}: ${nameList(on)}. The panel would delete the node anyway and ` +
          'leave them pointing at a node that no longer exists (its own admin page refuses: "There are instances on the node"). ' +
          'Nothing was deleted. Delete or move them first, or delete the node with force (CLI: --force).',
        { retryable: false, details: { reason: 'NODE_HAS_INSTANCES', force: 'force', instances: on.slice(0, 50).map((e) => ({ id: e.id, name: e.name })), count: on.length } },
      );
    }
    const res = await this.http().request({ method: 'DELETE', path: '/api/nodes/delete', json: { nodeId: id } });
    if (!isJson(res.contentType) || typeof res.body === 'string') {
      // "The node ID was invalid", answered with 200.
      throw new HangarError('VALIDATION', `The panel did not delete node ${id}: ${messageOf(res) ?? describeBody(res)}`, { status: res.status });
    }
    if ((await this.listNodes()).some((n) => n.id === id)) {
      throw new HangarError('SERVER', `The panel answered that node ${node.name} was deleted, but its node list still shows it`, { status: res.status });
    }
    const result: ActionResult = { deletedId: id, confirmedBy: 'reread', message: `Deleted node ${node.name}` };
    if (on.length) {
      result.warning = `${plural(on.length, 'instance')} still point at the deleted node: ${nameList(on)}.`;
      result.message = `${result.message}. ${result.warning}`;
    }
    return result;
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
      await this.options.sleep(wait);
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

/** The explicit choice to go ahead despite a hazard: `force: true` (CLI --force, or the app's confirmation). */
function isForced(params: ActionParams): boolean {
  return params.force === true || params.force === 'true';
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

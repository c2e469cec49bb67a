/**
 * A tiny fleet API on loopback plus a provider for it, for the registry/pool/handler tests: they need a
 * provider whose capabilities, calls and credential checks the test controls. It answers with Basic,
 * Bearer or x-api-key auth, and — like a careless real server — echoes the credentials it rejected.
 */
import { HangarError } from '../../../../shared/errors';
import type { ActionParams, ActionResult, Capability, Instance, InstanceAction, NodeAction, NodeInfo, ProviderId } from '../../../../shared/model';
import { PROVIDERS } from '../../../../shared/providers';
import type { HttpClient } from '../../../../electron/main/core/http/client';
import type { PageSink } from '../../../../electron/main/core/providers/paging';
import { BaseProvider, type ProviderContext, type ProviderFactory } from '../../../../electron/main/core/providers/types';
import { json, Router, startSimServer, type SimRequest, type SimServer } from '../../../../electron/simulators/kit/server';

export interface TinyCredentials {
  username: string;
  password: string;
  apiKey: string;
  token: string;
}

export interface TinyApi {
  server: SimServer;
  baseUrl: string;
  credentials: TinyCredentials;
  instances: Map<string, { id: string; name: string; status: string; note?: string }>;
  close(): Promise<void>;
}

export async function startTinyApi(credentials: TinyCredentials): Promise<TinyApi> {
  const instances = new Map<string, { id: string; name: string; status: string; note?: string }>();
  for (const i of [1, 2, 3]) instances.set(`i-${i}`, { id: `i-${i}`, name: `web-${i}`, status: 'running' });
  // An instance whose raw object carries the account's own password, as some APIs do: responses must redact it.
  instances.set('i-leaky', { id: 'i-leaky', name: 'leaky', status: 'running', note: `pw=${credentials.password}` });
  let nextId = 10;

  const authorized = (req: SimRequest) => {
    const auth = String(req.headers.authorization ?? '');
    const basic = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    return auth === basic || auth === `Bearer ${credentials.token}` || req.headers['x-api-key'] === credentials.apiKey;
  };

  const router = new Router()
    .get('/instances', () => json(200, { instances: [...instances.values()] }))
    .get('/instances/:id', (req) => {
      const i = instances.get(req.params.id);
      return i ? json(200, i) : json(404, { message: `no instance ${req.params.id}` });
    })
    .post('/instances', (req) => {
      const name = String((req.body as { name?: unknown })?.name ?? '');
      if (!name) return json(400, { message: 'name is required' });
      const i = { id: `i-${nextId++}`, name, status: 'installing' };
      instances.set(i.id, i);
      return json(201, i);
    })
    .post('/instances/:id/suspend', (req) => {
      const i = instances.get(req.params.id);
      if (!i) return json(404, { message: 'no such instance' });
      i.status = 'suspended';
      return json(200, i);
    })
    .delete('/instances/:id', (req) =>
      instances.delete(req.params.id) ? json(200, { deleted: req.params.id }) : json(404, { message: 'no such instance' }),
    )
    .get('/nodes/:id', (req) => json(200, { id: req.params.id, name: `node ${req.params.id}`, status: 'online' }))
    .post('/nodes', (req) => json(201, { id: 'n-new', name: String((req.body as { name?: unknown })?.name ?? 'node'), status: 'online' }))
    .delete('/nodes/:id', (req) => json(200, { deleted: req.params.id }))
    .get('/nodes/:id/metrics', () => json(200, { cpu: [[1, 0.5], [2, 0.75]] }));

  const server = await startSimServer({
    name: 'tiny',
    router,
    before: (req) =>
      authorized(req)
        ? undefined
        : json(401, {
            message: `bad credentials: authorization=${String(req.headers.authorization ?? '')} x-api-key=${String(req.headers['x-api-key'] ?? '')}`,
          }),
  });
  return { server, baseUrl: server.baseUrl, credentials, instances, close: () => server.close() };
}

export interface TinyFactoryOptions {
  /** Capabilities to leave out of the provider's own declaration (the descriptor still has them). */
  without?: Capability[];
  /** Counts providers built, per account id. */
  built?: Map<string, number>;
  /** Account ids whose providers were closed, in order. */
  closed?: string[];
}

class TinyProvider extends BaseProvider {
  readonly capabilities: readonly Capability[];
  private readonly client: HttpClient;

  constructor(
    readonly id: ProviderId,
    ctx: ProviderContext,
    private readonly options: TinyFactoryOptions,
  ) {
    super(ctx);
    this.capabilities = PROVIDERS[id].capabilities.filter((c) => !options.without?.includes(c));
    const { fields } = ctx.account;
    const { secrets } = ctx;
    this.client = ctx.http({
      retries: 0,
      timeoutMs: 3_000,
      auth: {
        apply: async (headers) => {
          if (secrets.apiKey) headers['x-api-key'] = secrets.apiKey;
          else if (secrets.token) headers.authorization = `Bearer ${secrets.token}`;
          else headers.authorization = `Basic ${Buffer.from(`${fields.username ?? fields.email}:${secrets.password}`).toString('base64')}`;
        },
      },
    });
  }

  async test() {
    const body = await this.client.getJson<{ instances: unknown[] }>('/instances');
    return { summary: `${body.instances.length} instances` };
  }

  async eachInstancePage(onPage: PageSink<Instance>): Promise<void> {
    const body = await this.client.getJson<{ instances: { id: string; name: string; status: string }[] }>('/instances');
    onPage(body.instances.map((raw) => this.instance(raw)));
  }

  async getInstance(id: string): Promise<Instance> {
    if (id === 'i-quoting') {
      // A provider that quotes its credentials in an error, bypassing the HTTP client's redaction.
      const secret = this.ctx.secrets.password ?? this.ctx.secrets.apiKey ?? this.ctx.secrets.token;
      throw new HangarError('SERVER', `upstream rejected ${secret}`, { details: { sent: secret } });
    }
    return this.instance(await this.client.getJson(`/instances/${encodeURIComponent(id)}`));
  }

  override async actInstance(action: InstanceAction, id: string | undefined, params: ActionParams): Promise<ActionResult> {
    if (action === 'create' || action === 'deploy') {
      const res = await this.client.request({ method: 'POST', path: '/instances', json: { name: this.param(params, 'name') } });
      return { instance: this.instance(res.body as Record<string, string>), message: 'created' };
    }
    if (action === 'suspend') {
      const res = await this.client.request({ method: 'POST', path: `/instances/${id}/suspend` });
      return { instance: this.instance(res.body as Record<string, string>) };
    }
    if (action === 'delete') {
      await this.client.request({ method: 'DELETE', path: `/instances/${id}` });
      return { message: `deleted ${id}` };
    }
    throw new HangarError('UNSUPPORTED', `tiny: ${action}`);
  }

  override async getNode(id: string): Promise<NodeInfo> {
    return this.node(await this.client.getJson(`/nodes/${encodeURIComponent(id)}`));
  }

  override async actNode(action: NodeAction, id: string | undefined, params: ActionParams): Promise<ActionResult> {
    if (action === 'create') {
      const res = await this.client.request({ method: 'POST', path: '/nodes', json: { name: params.name } });
      return { node: this.node(res.body as Record<string, string>) };
    }
    await this.client.request({ method: 'DELETE', path: `/nodes/${id}` });
    return { message: `deleted node ${id}` };
  }

  override async nodeMetrics(id: string, _rangeMinutes: number) {
    const body = await this.client.getJson<{ cpu: [number, number][] }>(`/nodes/${id}/metrics`);
    return [{ name: 'cpu', unit: '%', points: body.cpu.map(([t, v]) => ({ t, v })) }];
  }

  override async close() {
    this.options.closed?.push(this.ctx.account.id);
  }

  private instance(raw: Record<string, string>): Instance {
    return {
      accountId: this.ctx.account.id,
      provider: this.id,
      id: raw.id,
      name: raw.name,
      status: raw.status === 'suspended' ? 'suspended' : raw.status === 'installing' ? 'installing' : 'running',
      rawStatus: raw.status,
      raw,
    };
  }

  private node(raw: Record<string, string>): NodeInfo {
    return { accountId: this.ctx.account.id, provider: this.id, id: raw.id, name: raw.name, status: 'online', raw };
  }
}

/** Factories for the given provider ids, all speaking the tiny API. */
export function tinyFactories(ids: ProviderId[], options: TinyFactoryOptions = {}): Partial<Record<ProviderId, ProviderFactory>> {
  const out: Partial<Record<ProviderId, ProviderFactory>> = {};
  for (const id of ids) {
    out[id] = (ctx) => {
      options.built?.set(ctx.account.id, (options.built.get(ctx.account.id) ?? 0) + 1);
      return new TinyProvider(id, ctx, options);
    };
  }
  return out;
}

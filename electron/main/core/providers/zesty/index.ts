import { HangarError, isHangarError } from '../../../../../shared/errors';
import type { ActionParams, ActionResult, Capability, Instance, InstanceAction } from '../../../../../shared/model';
import { PROVIDERS } from '../../../../../shared/providers';
import type { AuthHook, HttpClient } from '../../http/client';
import { plural } from '../../util/text';
import { drainInPages, type PageSink } from '../paging';
import { BaseProvider, type ProviderContext, type ProviderFactory } from '../types';
import { zestyErrorReader } from './errors';
import { readInstance, requireInstance, toInstance } from './map';
import { ZestyAccessToken, ZestySession } from './session';

const DESCRIPTOR = PROVIDERS.zesty;
const setting = (key: string) => DESCRIPTOR.settings.find((s) => s.key === key)?.placeholder ?? '';
export const DEFAULT_AUTH_URL = setting('authUrl');
export const DEFAULT_INSTANCES_URL = setting('instancesUrl');
const MAX_NAME_LENGTH = 100;

/** Where the three Zesty services are for one account. */
export interface ZestyEndpoints {
  accountsUrl: string;
  authUrl: string;
  /** Contains `{zuid}`: the Instances API of one instance. */
  instancesUrl: string;
}

export function zestyEndpoints(ctx: ProviderContext): ZestyEndpoints {
  const accountsUrl = httpUrl(ctx.account.baseUrl || DESCRIPTOR.defaultBaseUrl, 'Accounts API address');
  const authUrl = httpUrl(ctx.account.fields.authUrl || DEFAULT_AUTH_URL, 'Auth API address');
  const instancesUrl = ctx.account.fields.instancesUrl || DEFAULT_INSTANCES_URL;
  if (!instancesUrl.includes('{zuid}')) {
    throw new HangarError('VALIDATION', `The Instances API address must contain {zuid} (like ${DEFAULT_INSTANCES_URL}); got "${instancesUrl}"`);
  }
  httpUrl(instancesUrl.replace('{zuid}', '8-0'), 'Instances API address');
  return { accountsUrl, authUrl, instancesUrl: instancesUrl.replace(/\/+$/, '') };
}

/**
 * Zesty.io: instances come from the Accounts API; auth is a session (email + password through the
 * Auth API's multipart login, renewed on 401) or an access token. Instances are listed, read and created.
 */
export class ZestyProvider extends BaseProvider {
  readonly id = 'zesty' as const;
  readonly capabilities: readonly Capability[] = DESCRIPTOR.capabilities;
  private readonly endpoints: ZestyEndpoints;
  private readonly accounts: HttpClient;
  /** The session, when signing in with email and password (exposed for diagnostics and tests). */
  readonly session: ZestySession | undefined;

  constructor(ctx: ProviderContext) {
    super(ctx);
    this.endpoints = zestyEndpoints(ctx);
    const method = ctx.account.authMethod;
    if (method !== 'login' && method !== 'token') {
      throw new HangarError('VALIDATION', `Zesty accounts sign in with "login" or "token", not "${method}"`);
    }
    for (const secret of Object.values(ctx.secrets)) ctx.redactor.add(secret);
    const readError = zestyErrorReader(method);
    let auth: AuthHook;
    if (method === 'login') {
      const authApi = ctx.http({ baseUrl: this.endpoints.authUrl, readError });
      this.session = new ZestySession(
        ctx.account.fields.email ?? '',
        ctx.secrets.password ?? '',
        (form) => authApi.request({ method: 'POST', path: '/login', multipart: form, anonymous: true, okStatuses: [400, 401, 403] }),
        async (token) => {
          const headers = { authorization: `Bearer ${token}` };
          const res = await authApi.request({ method: 'GET', path: '/verify', headers, anonymous: true, okStatuses: [401, 403] });
          return res.status === 200;
        },
        ctx.redactor,
        ctx.now,
      );
      auth = this.session;
    } else {
      auth = new ZestyAccessToken(ctx.secrets.token ?? '');
    }
    this.accounts = ctx.http({ baseUrl: this.endpoints.accountsUrl, auth, readError });
  }

  async test(): Promise<{ summary: string }> {
    const instances = await this.listInstances();
    const active = instances.find((i) => i.status === 'running');
    if (active) await this.probeInstancesApi(active.id, instances.length);
    return { summary: plural(instances.length, 'instance') };
  }

  async eachInstancePage(onPage: PageSink<Instance>): Promise<void> {
    const data = await this.data('/instances', 'the instance list');
    if (!Array.isArray(data)) throw new HangarError('BAD_RESPONSE', 'Zesty answered the instance list without a data array');
    const skipped = drainInPages(
      data,
      (raw) => {
        const v = readInstance(raw);
        return v ? toInstance(this.ctx.account.id, v, raw) : undefined;
      },
      onPage,
    );
    if (skipped) this.ctx.log.warn('zesty: instances without a ZUID were skipped', { skipped });
  }

  async getInstance(id: string): Promise<Instance> {
    const raw = await this.data(`/instances/${encodeURIComponent(id)}`, `instance ${id}`);
    return toInstance(this.ctx.account.id, requireInstance(raw, `instance ${id}`), raw);
  }

  override async actInstance(action: InstanceAction, id: string | undefined, params: ActionParams): Promise<ActionResult> {
    if (action !== 'create') return super.actInstance(action, id, params);
    const name = this.param(params, 'name').trim();
    if (!name) throw new HangarError('VALIDATION', 'Parameter "name" is required');
    if (name.length > MAX_NAME_LENGTH) throw new HangarError('VALIDATION', `An instance name may be at most ${MAX_NAME_LENGTH} characters`);
    const res = await this.accounts.request({ method: 'POST', path: '/instances', json: { name } });
    const raw = (this.accounts.expectJson<{ data?: unknown }>(res, 'POST', '/instances') ?? {}).data;
    const instance = toInstance(this.ctx.account.id, requireInstance(raw, 'the new instance'), raw);
    return { instance, message: `Created instance "${instance.name}" (${instance.id})`, raw };
  }

  /** The Instances API base of one instance. */
  instancesApi(zuid: string): string {
    return this.endpoints.instancesUrl.replace('{zuid}', encodeURIComponent(zuid));
  }

  /** The `data` member of a GET answer from the Accounts API. */
  private async data(path: string, what: string): Promise<unknown> {
    const body = await this.accounts.getJson<unknown>(path);
    if (!body || typeof body !== 'object' || !('data' in body)) {
      throw new HangarError('BAD_RESPONSE', `Zesty answered ${what} without a { data, _meta } envelope`);
    }
    return (body as { data: unknown }).data;
  }

  /** A wrong Instances API address shows at test time rather than at the first publish. */
  private async probeInstancesApi(zuid: string, count: number): Promise<void> {
    const url = `${this.instancesApi(zuid)}/env/settings`;
    try {
      await this.accounts.getJson(url);
    } catch (e) {
      if (!isHangarError(e) || !['OFFLINE', 'NOT_FOUND', 'BAD_RESPONSE', 'TLS'].includes(e.code)) return;
      throw new HangarError(
        e.code,
        this.ctx.redactor.redact(
          `Listed ${count} instances, but the Instances API (${this.endpoints.instancesUrl}) did not answer for ${zuid}: ${e.message}`,
        ),
        { status: e.status },
      );
    }
  }
}

export const createZestyProvider: ProviderFactory = (ctx) => new ZestyProvider(ctx);

function httpUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new HangarError('VALIDATION', `The Zesty ${what} "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HangarError('VALIDATION', `The Zesty ${what} must start with http:// or https://`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * EveryPoint API v3 provider (apis.md §4): Basic auth with the API key (fields.username) and secret
 * (secrets.password); the account's base URL is the v3 root (https://api.everypoint.io/v3).
 * The list call returns URIs only, so listInstances reads each instance's details with bounded
 * concurrency; an instance deleted between the two calls is left out. Actions: create {name, description},
 * rename {name}, update {description}, delete. `{success:false, code}` envelopes map to shared codes
 * (see errors.ts), whatever the HTTP status.
 */
import { HangarError } from '../../../../../shared/errors';
import type { ActionParams, ActionResult, Instance, InstanceAction } from '../../../../../shared/model';
import { PROVIDERS } from '../../../../../shared/providers';
import type { HttpClient, HttpRequest } from '../../http/client';
import { mapLimit } from '../../util/concurrency';
import { hostOf, plural } from '../../util/text';
import { PageBuffer, type PageSink } from '../paging';
import { BaseProvider, type ProviderContext, type ProviderFactory } from '../types';
import { readEveryPointError, unwrapEnvelope } from './errors';
import { EVERYPOINT_NAME_RULE, nameFromUri, readInstance, toInstance } from './map';

/** Details fetched at once while listing (the HTTP client bounds it again per account). */
const DETAIL_CONCURRENCY = 8;

export class EveryPointProvider extends BaseProvider {
  readonly id = 'everypoint' as const;
  readonly capabilities = PROVIDERS.everypoint.capabilities;
  private client: HttpClient | undefined;

  constructor(ctx: ProviderContext) {
    super(ctx);
    const key = ctx.account.fields.username ?? '';
    const secret = ctx.secrets.password ?? '';
    if (key && secret) ctx.redactor.addBasic(key, secret);
  }

  async test(): Promise<{ summary: string }> {
    const uris = await this.listUris();
    return { summary: plural(uris.length, 'instance') };
  }

  async eachInstancePage(onPage: PageSink<Instance>): Promise<void> {
    const names = (await this.listUris()).map(nameFromUri);
    const pages = new PageBuffer(onPage);
    await mapLimit(names, DETAIL_CONCURRENCY, async (name) => {
      try {
        pages.push(await this.read(name));
      } catch (e) {
        if (!(e instanceof HangarError && e.code === 'NOT_FOUND')) throw e;
      }
    });
    pages.flush();
  }

  async getInstance(id: string): Promise<Instance> {
    return this.read(checkName(id, 'Instance id'));
  }

  override async actInstance(action: InstanceAction, id: string | undefined, params: ActionParams): Promise<ActionResult> {
    switch (action) {
      case 'create': {
        const name = checkName(this.param(params, 'name'), 'name');
        const description = this.param(params, 'description');
        const instance = await this.send({ method: 'POST', path: '/instances', json: { name, description } }, `create ${name}`);
        return { instance, message: `Created ${instance.address}` };
      }
      case 'rename': {
        const from = this.requireId(id);
        const name = checkName(this.param(params, 'name'), 'name');
        const instance = await this.send({ method: 'PATCH', path: `/instances/${from}`, json: { name } }, `rename ${from}`);
        return { instance, message: `Renamed /instances/${from} to ${instance.address}` };
      }
      case 'update': {
        const target = this.requireId(id);
        const description = this.param(params, 'description');
        const instance = await this.send({ method: 'PATCH', path: `/instances/${target}`, json: { description } }, `update ${target}`);
        return { instance, message: `Updated the description of ${instance.address}` };
      }
      case 'delete': {
        const target = this.requireId(id);
        const res = await this.http().request({ method: 'DELETE', path: `/instances/${target}` });
        const data = unwrapEnvelope(res, `delete ${target}`, (s) => this.ctx.redactor.redact(s));
        return { message: `Deleted /instances/${target}`, raw: data };
      }
      default:
        return super.actInstance(action, id, params);
    }
  }

  override async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }

  private async listUris(): Promise<unknown[]> {
    const res = await this.http().request({ method: 'GET', path: '/instances' });
    const data = unwrapEnvelope(res, 'the instance list', (s) => this.ctx.redactor.redact(s));
    if (!Array.isArray(data.instances)) throw new HangarError('BAD_RESPONSE', 'EveryPoint answered the instance list without data.instances[]');
    return data.instances;
  }

  private async read(name: string): Promise<Instance> {
    return this.send({ method: 'GET', path: `/instances/${name}` }, `/instances/${name}`);
  }

  private async send(req: HttpRequest, what: string): Promise<Instance> {
    const res = await this.http().request(req);
    const data = unwrapEnvelope(res, what, (s) => this.ctx.redactor.redact(s));
    return toInstance(this.ctx.account.id, readInstance(data.instance, what));
  }

  private requireId(id: string | undefined): string {
    if (!id) throw new HangarError('VALIDATION', 'This action needs the instance id (its name)');
    return checkName(id, 'Instance id');
  }

  private http(): HttpClient {
    if (this.client) return this.client;
    const key = this.ctx.account.fields.username ?? '';
    const secret = this.ctx.secrets.password ?? '';
    if (!key || !secret) throw new HangarError('AUTH', 'EveryPoint needs the API key (username) and the API secret (password)');
    const authorization = `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
    this.client = this.ctx.http({
      auth: {
        apply: async (headers) => {
          headers.authorization = authorization;
        },
      },
      readError: readEveryPointError,
      label: `EveryPoint (${hostOf(this.ctx.account.baseUrl)})`,
    });
    return this.client;
  }
}

function checkName(name: string, what: string): string {
  if (!EVERYPOINT_NAME_RULE.test(name)) {
    throw new HangarError('VALIDATION', `${what} "${name}" is not an EveryPoint instance name (1-64 of a-z, 0-9 and "-")`);
  }
  return name;
}

export const createEveryPointProvider: ProviderFactory = (ctx) => new EveryPointProvider(ctx);

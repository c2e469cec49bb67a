/**
 * Kianda process-instances provider (apis.md §5). Sign-in is the OAuth2 password grant at /token with
 * fields.username, secrets.password and fields.subscriptionId as the scope (see session.ts).
 *
 * Kianda has no list call. listInstances reads the names in the account's `watch` setting (comma or
 * newline separated, `name-{1..40}` ranges allowed; see watch.ts) plus the instances created through this
 * provider object, one GET /api/instances/{name}/fields each, with bounded concurrency; a watched name the
 * server does not know is left out. A create therefore returns, in `result.raw.watch`, the account's watch
 * setting with the new name added (`addWatched(account.fields.watch, result.instance.id)` computes the same):
 * the caller saves it into the account's fields so the instance is still followed after a restart.
 *
 * Actions: create {processName, instanceID?, fields? (JSON object), trigger?}; update {fields? (JSON object),
 * status?, version?} — a full PUT of the fields read plus the changes, sent with `version` (the one the user
 * saw, else the one just read); a stale version answers 409 → CONFLICT.
 */
import { HangarError } from '../../../../../shared/errors';
import type { ActionParams, ActionResult, ConfigDocument, Deployment, Instance, InstanceAction } from '../../../../../shared/model';
import { PROVIDERS } from '../../../../../shared/providers';
import type { ErrorReader, HttpClient } from '../../http/client';
import { mapLimit } from '../../util/concurrency';
import { hostOf, plural } from '../../util/text';
import { PageBuffer, type PageSink } from '../paging';
import { BaseProvider, type ProviderContext, type ProviderFactory, type PublishRequest } from '../types';
import { readView, toInstance, type KiandaField, type KiandaInstanceView } from './map';
import { KiandaSession } from './session';
import { addWatched, parseWatch } from './watch';

const READ_CONCURRENCY = 8;
const STATUSES = ['draft', 'in-progress', 'completed', 'cancelled'];

/** Web API errors carry `{Message}`; the token endpoint `{error, error_description}`. */
const readKiandaError: ErrorReader = (res) => {
  const b = res.body as Record<string, unknown> | string;
  if (!b || typeof b !== 'object') return undefined;
  const message = [b.Message, b.error_description, b.error].find((v) => typeof v === 'string' && v) as string | undefined;
  return message ? { message } : undefined;
};

export class KiandaProvider extends BaseProvider {
  readonly id = 'kianda' as const;
  readonly capabilities = PROVIDERS.kianda.capabilities;
  /** Instances created through this object: followed even before the caller saves the new watch list. */
  private readonly created = new Set<string>();
  private client: HttpClient | undefined;
  private session: KiandaSession | undefined;

  constructor(ctx: ProviderContext) {
    super(ctx);
    ctx.redactor.add(ctx.secrets.password);
  }

  /** Signs in now (or reuses the live token); answers who we are, never the token. */
  async signIn(): Promise<{ userName: string; subscriptionId: string }> {
    this.http();
    const { userName, subscriptionId } = await this.session!.current();
    return { userName, subscriptionId };
  }

  get signInCount(): number {
    return this.session?.signInCount ?? 0;
  }

  async test(): Promise<{ summary: string }> {
    const grant = await this.signIn();
    const watched = this.watchedNames().length;
    return { summary: `Signed in as ${grant.userName} (subscription ${grant.subscriptionId}); ${plural(watched, 'watched instance')}` };
  }

  async eachInstancePage(onPage: PageSink<Instance>): Promise<void> {
    const pages = new PageBuffer(onPage);
    await mapLimit(this.watchedNames(), READ_CONCURRENCY, async (name) => {
      try {
        pages.push(await this.getInstance(name));
      } catch (e) {
        if (!(e instanceof HangarError && e.code === 'NOT_FOUND')) throw e;
        this.ctx.log.debug('kianda: watched instance not found', { name });
      }
    });
    pages.flush();
  }

  async getInstance(id: string): Promise<Instance> {
    return toInstance(this.ctx.account.id, await this.readView(id));
  }

  override async actInstance(action: InstanceAction, id: string | undefined, params: ActionParams): Promise<ActionResult> {
    if (action === 'create') return this.create(params);
    if (action === 'update') {
      if (!id) throw new HangarError('VALIDATION', 'Update needs the process instance name');
      return this.update(id, params);
    }
    return super.actInstance(action, id, params);
  }

  /**
   * An instance's fields as a config document: one JSON file, `{status, fields: {name: value}}`; the revision is
   * Kianda's version number, which the publish (a full PUT) sends back — a stale one is CONFLICT.
   */
  override async getConfig(id: string): Promise<ConfigDocument> {
    const view = await this.readView(id);
    return {
      accountId: this.ctx.account.id,
      instanceId: view.name,
      revision: String(view.version),
      updatedAt: view.modified,
      files: [{ name: FIELDS_FILE, contents: fieldsDocument(view) }],
      raw: { version: view.version, status: view.status },
    };
  }

  override async publishConfig(req: PublishRequest): Promise<Deployment> {
    const file = req.files.find((f) => f.name === FIELDS_FILE);
    if (!file || req.files.length !== 1) throw new HangarError('VALIDATION', `A Kianda instance's config is the one file ${FIELDS_FILE}`);
    const { status, fields } = parseFieldsDocument(file.contents);
    const current = await this.readView(req.instanceId);
    const version = req.force ? current.version : Number(req.baseRevision);
    if (!Number.isInteger(version) || version < 1) throw new HangarError('VALIDATION', `The base revision "${req.baseRevision}" is not a Kianda version number`);
    const texts = new Map(current.fields.map((f) => [f.fieldname, f.text]));
    const res = await this.http().request({
      method: 'PUT',
      path: `/api/instances/${encodeURIComponent(current.name)}`,
      json: {
        version,
        status,
        FieldsMappings: Object.entries(fields).map(([fieldname, value]) => ({ fieldname, text: texts.get(fieldname) ?? fieldname, value })),
      },
      idempotent: false,
    });
    const view = readView(this.http().expectJson(res, 'PUT', `/api/instances/${current.name}`), `update ${current.name}`);
    const at = new Date(this.ctx.now()).toISOString();
    return {
      accountId: this.ctx.account.id,
      id: `kianda:${view.name}:${view.version}`,
      instanceId: view.name,
      status: 'succeeded',
      message: `Updated ${view.name} (version ${view.version})`,
      succeeded: [view.name],
      failures: [],
      createdAt: at,
      updatedAt: at,
    };
  }

  override async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
    this.session = undefined;
  }

  private async create(params: ActionParams): Promise<ActionResult> {
    const processName = this.param(params, 'processName');
    const instanceID = params.instanceID === undefined ? '' : String(params.instanceID).trim();
    const fields = fieldsParam(params.fields);
    const res = await this.http().request({
      method: 'POST',
      path: '/api/instances/create',
      json: { processName, instanceID, TriggerField: params.trigger === undefined ? '' : String(params.trigger), FieldsMappings: fields ?? [] },
    });
    const view = readView(this.http().expectJson(res, 'POST', '/api/instances/create'), 'create');
    this.created.add(view.name);
    const watch = addWatched(this.ctx.account.fields.watch, view.name);
    return {
      instance: toInstance(this.ctx.account.id, view),
      message: `Created ${view.name}; it is added to the account's watch list`,
      raw: { created: view, watch },
      accountFields: { watch },
    };
  }

  private async update(name: string, params: ActionParams): Promise<ActionResult> {
    const changes = fieldsParam(params.fields);
    const status = params.status === undefined || params.status === '' ? undefined : String(params.status);
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new HangarError('VALIDATION', `status must be one of ${STATUSES.join(', ')}`);
    }
    if (!changes && status === undefined) throw new HangarError('VALIDATION', 'Parameter "fields" (or "status") is required');
    let version: number | undefined;
    if (params.version !== undefined && params.version !== '') {
      version = Number(params.version);
      if (!Number.isInteger(version) || version < 1) throw new HangarError('VALIDATION', 'Parameter "version" must be a positive integer');
    }
    const current = await this.readView(name);
    const merged = new Map<string, KiandaField>(current.fields.map((f) => [f.fieldname, f]));
    for (const f of changes ?? []) merged.set(f.fieldname, f);
    const res = await this.http().request({
      method: 'PUT',
      path: `/api/instances/${encodeURIComponent(name)}`,
      json: { version: version ?? current.version, status, FieldsMappings: [...merged.values()] },
      idempotent: false,
    });
    const view = readView(this.http().expectJson(res, 'PUT', `/api/instances/${name}`), `update ${name}`);
    return { instance: toInstance(this.ctx.account.id, view), message: `Updated ${name} (version ${view.version})` };
  }

  private async readView(name: string): Promise<KiandaInstanceView> {
    if (!name.trim()) throw new HangarError('VALIDATION', 'A process instance name is required');
    const path = `/api/instances/${encodeURIComponent(name)}/fields`;
    return readView(await this.http().getJson(path), name);
  }

  private watchedNames(): string[] {
    const names = parseWatch(this.ctx.account.fields.watch);
    const seen = new Set(names);
    for (const n of this.created) if (!seen.has(n)) names.push(n);
    return names;
  }

  private http(): HttpClient {
    if (this.client) return this.client;
    const username = this.ctx.account.fields.username ?? '';
    const subscriptionId = this.ctx.account.fields.subscriptionId ?? '';
    const password = this.ctx.secrets.password ?? '';
    if (!username || !subscriptionId || !password) {
      throw new HangarError('AUTH', 'Kianda needs the username, the subscription id and the password');
    }
    const session = new KiandaSession(
      { username, password, subscriptionId },
      (form) => client.request({ method: 'POST', path: '/token', form, anonymous: true, okStatuses: [400, 401] }),
      this.ctx.redactor,
      () => this.ctx.now(),
    );
    const client = this.ctx.http({ auth: session, readError: readKiandaError, label: `Kianda (${hostOf(this.ctx.account.baseUrl)})` });
    this.client = client;
    this.session = session;
    return client;
  }
}

export const FIELDS_FILE = 'fields.json';

function fieldsDocument(view: KiandaInstanceView): string {
  return `${JSON.stringify({ status: view.status, fields: Object.fromEntries(view.fields.map((f) => [f.fieldname, f.value])) }, null, 2)}\n`;
}

function parseFieldsDocument(text: string): { status: string | undefined; fields: Record<string, unknown> } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new HangarError('VALIDATION', `${FIELDS_FILE} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const d = doc as { status?: unknown; fields?: unknown };
  if (!d || typeof d !== 'object' || Array.isArray(d) || !d.fields || typeof d.fields !== 'object' || Array.isArray(d.fields)) {
    throw new HangarError('VALIDATION', `${FIELDS_FILE} must be an object {"status": …, "fields": {name: value}}`);
  }
  if (d.status !== undefined && (typeof d.status !== 'string' || !STATUSES.includes(d.status))) {
    throw new HangarError('VALIDATION', `status must be one of ${STATUSES.join(', ')}`);
  }
  return { status: d.status as string | undefined, fields: d.fields as Record<string, unknown> };
}

/** `fields` as a JSON object of name → value, turned into Kianda's FieldsMappings. */
function fieldsParam(raw: ActionParams[string] | undefined): KiandaField[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    throw new HangarError('VALIDATION', 'Parameter "fields" must be a JSON object of field name → value');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HangarError('VALIDATION', 'Parameter "fields" must be a JSON object of field name → value');
  }
  return Object.entries(parsed as Record<string, unknown>).map(([fieldname, value]) => {
    if (value !== null && typeof value === 'object') {
      throw new HangarError('VALIDATION', `Field "${fieldname}" must be a string, number, boolean or null`);
    }
    return { fieldname, text: value === null ? '' : String(value), value };
  });
}

export const createKiandaProvider: ProviderFactory = (ctx) => new KiandaProvider(ctx);
export { addWatched, parseWatch } from './watch';

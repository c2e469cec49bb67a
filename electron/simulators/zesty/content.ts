import { Rng } from '../kit/rng';
import { seedContent, slug } from './content-seed';
import {
  AUDIT_ACTION,
  MODEL_TYPES,
  type Audit,
  type ContentField,
  type ContentModel,
  type ItemSnapshot,
  type ModelType,
  type Publishing,
  type Setting,
} from './content-types';
import { zuid, type ZuidKind } from './zuid';

/** A request the API refuses: the route answers `status` with `{ data: {}, message }`. */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (zuid: string) => new ApiRefusal(404, `No Results Found for ZUID: ${zuid}`);
const badRequest = (message: string) => new ApiRefusal(400, message);

type Body = Record<string, unknown>;

/** One instance's Instances API state: models, fields, items with versions, publishings, settings, audits. */
export class InstanceContent {
  private readonly models: ContentModel[];
  private readonly fields: ContentField[];
  /** itemZUID → versions, oldest first. */
  private readonly items = new Map<string, ItemSnapshot[]>();
  private readonly publishings: Publishing[];
  private readonly settings: Setting[];
  private readonly audits: Audit[] = [];
  private readonly rng: Rng;

  constructor(
    seed: string,
    readonly instanceZUID: string,
    private readonly ownerZUID: string,
    private readonly now: () => number,
  ) {
    const seeded = seedContent(seed, instanceZUID, ownerZUID);
    this.models = seeded.models;
    this.fields = seeded.fields;
    for (const versions of seeded.items) this.items.set(versions[0].meta.ZUID, versions);
    this.publishings = seeded.publishings;
    this.settings = seeded.settings;
    this.rng = new Rng(`zesty:content-writes:${seed}:${instanceZUID}`);
    for (const p of this.publishings) {
      this.audits.push(this.auditEntry(AUDIT_ACTION.published, p.itemZUID, ownerZUID, `Published version ${p.version}`, p.publishAt));
    }
    this.audits.sort((a, b) => a.happenedAt.localeCompare(b.happenedAt));
  }

  // ---- models ----

  listModels(): ContentModel[] {
    return this.models;
  }

  model(modelZUID: string): ContentModel {
    const m = this.models.find((x) => x.ZUID === modelZUID);
    if (!m) throw notFound(modelZUID);
    return m;
  }

  createModel(body: Body, by: string): ContentModel {
    const label = requiredString(body, 'label');
    const name = requiredString(body, 'name');
    const type = requiredString(body, 'type') as ModelType;
    if (!MODEL_TYPES.includes(type)) throw badRequest(`Invalid model type "${type}": use one of ${MODEL_TYPES.join(', ')}`);
    if (this.models.some((m) => m.name === name)) throw badRequest(`A model named "${name}" already exists`);
    const at = this.stamp();
    const ZUID = this.newZuid('model');
    const model: ContentModel = {
      ZUID,
      masterZUID: ZUID,
      name,
      label,
      type,
      listed: body.listed !== false,
      description: typeof body.description === 'string' ? body.description : '',
      parentZUID: typeof body.parentZUID === 'string' ? body.parentZUID : null,
      createdAt: at,
      updatedAt: at,
    };
    this.models.push(model);
    this.audit(AUDIT_ACTION.created, ZUID, by, `Created model ${label}`);
    return model;
  }

  // ---- fields ----

  listFields(modelZUID: string): ContentField[] {
    this.model(modelZUID);
    return this.fields.filter((f) => f.contentModelZUID === modelZUID).sort((a, b) => a.sort - b.sort);
  }

  field(modelZUID: string, fieldZUID: string): ContentField {
    this.model(modelZUID);
    const f = this.fields.find((x) => x.ZUID === fieldZUID && x.contentModelZUID === modelZUID);
    if (!f) throw notFound(fieldZUID);
    return f;
  }

  createField(modelZUID: string, body: Body, by: string): ContentField {
    const existing = this.listFields(modelZUID);
    const name = requiredString(body, 'name');
    if (!/^[a-z0-9_]+$/.test(name)) throw badRequest(`Field name "${name}" may hold only a-z, 0-9 and _`);
    if (existing.some((f) => f.name === name)) throw badRequest(`A field named "${name}" already exists on this model`);
    const at = this.stamp();
    const field: ContentField = {
      ZUID: this.newZuid('field'),
      contentModelZUID: modelZUID,
      name,
      label: requiredString(body, 'label'),
      datatype: requiredString(body, 'datatype'),
      required: body.required === true,
      sort: typeof body.sort === 'number' ? body.sort : existing.length,
      description: typeof body.description === 'string' ? body.description : '',
      settings: isObject(body.settings) ? body.settings : {},
      createdAt: at,
      updatedAt: at,
    };
    this.fields.push(field);
    this.audit(AUDIT_ACTION.created, field.ZUID, by, `Created field ${field.name}`);
    return field;
  }

  /** PUT replaces (name, label and datatype required); PATCH merges what is given. */
  updateField(modelZUID: string, fieldZUID: string, body: Body, by: string, replace: boolean): ContentField {
    const field = this.field(modelZUID, fieldZUID);
    if (replace) for (const k of ['name', 'label', 'datatype']) requiredString(body, k);
    for (const k of ['name', 'label', 'datatype', 'description'] as const) if (typeof body[k] === 'string') field[k] = body[k] as string;
    if (typeof body.required === 'boolean') field.required = body.required;
    if (typeof body.sort === 'number') field.sort = body.sort;
    if (isObject(body.settings)) field.settings = body.settings;
    field.updatedAt = this.stamp();
    this.audit(AUDIT_ACTION.modified, fieldZUID, by, `Updated field ${field.name}`);
    return field;
  }

  deleteField(modelZUID: string, fieldZUID: string, by: string): void {
    const field = this.field(modelZUID, fieldZUID);
    this.fields.splice(this.fields.indexOf(field), 1);
    this.audit(AUDIT_ACTION.removed, fieldZUID, by, `Deleted field ${field.name}`);
  }

  // ---- items ----

  /** The current version of every item of a model, in sort order. */
  listItems(modelZUID: string): ItemSnapshot[] {
    this.model(modelZUID);
    const out: ItemSnapshot[] = [];
    for (const versions of this.items.values()) {
      const current = versions[versions.length - 1];
      if (current.meta.contentModelZUID === modelZUID) out.push(current);
    }
    return out.sort((a, b) => a.meta.sort - b.meta.sort);
  }

  item(modelZUID: string, itemZUID: string): ItemSnapshot {
    const versions = this.versions(modelZUID, itemZUID);
    return versions[versions.length - 1];
  }

  versions(modelZUID: string, itemZUID: string): ItemSnapshot[] {
    this.model(modelZUID);
    const versions = this.items.get(itemZUID);
    if (!versions || versions[0].meta.contentModelZUID !== modelZUID) throw notFound(itemZUID);
    return versions;
  }

  version(modelZUID: string, itemZUID: string, version: string): ItemSnapshot {
    const n = Number(version);
    const v = this.versions(modelZUID, itemZUID).find((s) => s.meta.version === n);
    if (!v) throw new ApiRefusal(404, `No Results Found for ZUID: ${itemZUID} version ${version}`);
    return v;
  }

  /** POST `{ data: {...fields}, web: { pathPart }, meta? }`; `meta` is ignored (the server assigns it). */
  createItem(modelZUID: string, body: Body, by: string): ItemSnapshot {
    const model = this.model(modelZUID);
    const data = this.checkItemData(modelZUID, body.data, true);
    const web = isObject(body.web) ? body.web : {};
    const ZUID = this.newZuid('item');
    const at = this.stamp();
    const title = typeof data.title === 'string' ? data.title : ZUID;
    const pathPart =
      model.type === 'dataset' ? null : typeof web.pathPart === 'string' && web.pathPart ? slug(web.pathPart) : slug(title);
    const snapshot: ItemSnapshot = {
      data,
      meta: {
        ZUID,
        masterZUID: ZUID,
        contentModelZUID: modelZUID,
        version: 1,
        langID: 1,
        sort: this.listItems(modelZUID).length,
        listed: true,
        createdByUserZUID: by,
        createdAt: at,
        updatedAt: at,
      },
      web: {
        pathPart,
        path: pathPart ? `/${model.name}/${pathPart}/` : null,
        metaTitle: typeof web.metaTitle === 'string' ? web.metaTitle : title,
        metaDescription: typeof web.metaDescription === 'string' ? web.metaDescription : null,
      },
    };
    this.items.set(ZUID, [snapshot]);
    this.audit(AUDIT_ACTION.created, ZUID, by, `Created item ${title}`);
    return snapshot;
  }

  /**
   * A new version. PUT sends the full item and `meta.masterZUID` must be the item's ZUID;
   * PATCH sends `{ data: {...} }` and merges it.
   */
  updateItem(modelZUID: string, itemZUID: string, body: Body, by: string, replace: boolean): ItemSnapshot {
    const versions = this.versions(modelZUID, itemZUID);
    const current = versions[versions.length - 1];
    if (replace) {
      const meta = isObject(body.meta) ? body.meta : {};
      if (meta.masterZUID !== itemZUID) throw badRequest(`meta.masterZUID must be the item's ZUID (${itemZUID})`);
    }
    const data = this.checkItemData(modelZUID, body.data, replace);
    const web = isObject(body.web) ? body.web : {};
    const next: ItemSnapshot = {
      data: replace ? data : { ...current.data, ...data },
      meta: { ...current.meta, version: current.meta.version + 1, updatedAt: this.stamp() },
      web: {
        ...current.web,
        ...(typeof web.metaTitle === 'string' ? { metaTitle: web.metaTitle } : {}),
        ...(typeof web.metaDescription === 'string' ? { metaDescription: web.metaDescription } : {}),
      },
    };
    versions.push(next);
    this.audit(AUDIT_ACTION.modified, itemZUID, by, `Saved version ${next.meta.version}`);
    return next;
  }

  deleteItem(modelZUID: string, itemZUID: string, by: string): void {
    this.versions(modelZUID, itemZUID);
    this.items.delete(itemZUID);
    for (let i = this.publishings.length - 1; i >= 0; i--) if (this.publishings[i].itemZUID === itemZUID) this.publishings.splice(i, 1);
    this.audit(AUDIT_ACTION.removed, itemZUID, by, 'Deleted item');
  }

  // ---- publishings ----

  listPublishings(modelZUID: string, itemZUID: string): Publishing[] {
    this.versions(modelZUID, itemZUID);
    return this.publishings.filter((p) => p.itemZUID === itemZUID);
  }

  publishing(modelZUID: string, itemZUID: string, publishingZUID: string): Publishing {
    const p = this.listPublishings(modelZUID, itemZUID).find((x) => x.ZUID === publishingZUID);
    if (!p) throw notFound(publishingZUID);
    return p;
  }

  /** POST `{ version, publishAt = "now", unpublishAt = "never" }`. */
  publish(modelZUID: string, itemZUID: string, body: Body, by: string): Publishing {
    const versions = this.versions(modelZUID, itemZUID);
    const version = Number(body.version);
    if (!Number.isInteger(version) || !versions.some((v) => v.meta.version === version)) {
      throw badRequest(`"version" must be an existing version of ${itemZUID} (1-${versions.length})`);
    }
    const publishAt = timeField(body.publishAt, 'now', 'publishAt', this.now());
    const unpublishAt = timeField(body.unpublishAt, 'never', 'unpublishAt', this.now());
    const at = this.stamp();
    const p: Publishing = {
      ZUID: this.newZuid('publishing'),
      itemZUID,
      version,
      publishAt: publishAt ?? at,
      unpublishAt,
      publishedByUserZUID: by,
      createdAt: at,
      updatedAt: at,
    };
    this.publishings.push(p);
    this.audit(AUDIT_ACTION.published, itemZUID, by, `Published version ${version}`);
    return p;
  }

  unpublish(modelZUID: string, itemZUID: string, publishingZUID: string, by: string): void {
    const p = this.publishing(modelZUID, itemZUID, publishingZUID);
    this.publishings.splice(this.publishings.indexOf(p), 1);
    this.audit(AUDIT_ACTION.unpublished, itemZUID, by, `Unpublished version ${p.version}`);
  }

  // ---- settings ----

  listSettings(category?: string): Setting[] {
    return category ? this.settings.filter((s) => s.category === category) : this.settings;
  }

  setting(settingZUID: string): Setting {
    const s = this.settings.find((x) => x.ZUID === settingZUID);
    if (!s) throw notFound(settingZUID);
    return s;
  }

  createSetting(body: Body, by: string): Setting {
    const key = requiredString(body, 'key');
    const category = requiredString(body, 'category');
    if (this.settings.some((s) => s.key === key && s.category === category)) throw badRequest(`Setting ${category}.${key} already exists`);
    const at = this.stamp();
    const s: Setting = {
      ZUID: this.newZuid('setting'),
      category,
      key,
      keyFriendly: typeof body.keyFriendly === 'string' ? body.keyFriendly : key,
      value: body.value === undefined || body.value === null ? '' : String(body.value),
      dataType: typeof body.dataType === 'string' ? body.dataType : 'text',
      admin: body.admin === true,
      tips: typeof body.tips === 'string' ? body.tips : '',
      createdAt: at,
      updatedAt: at,
    };
    this.settings.push(s);
    this.audit(AUDIT_ACTION.created, s.ZUID, by, `Created setting ${category}.${key}`);
    return s;
  }

  /** PUT requires `value`; PATCH changes what is given. */
  updateSetting(settingZUID: string, body: Body, by: string, replace: boolean): Setting {
    const s = this.setting(settingZUID);
    if (replace && body.value === undefined) throw badRequest('Missing required field: value');
    if (body.value !== undefined) s.value = body.value === null ? '' : String(body.value);
    for (const k of ['keyFriendly', 'dataType', 'tips'] as const) if (typeof body[k] === 'string') s[k] = body[k] as string;
    s.updatedAt = this.stamp();
    this.audit(AUDIT_ACTION.modified, settingZUID, by, `Updated setting ${s.category}.${s.key}`);
    return s;
  }

  deleteSetting(settingZUID: string, by: string): void {
    const s = this.setting(settingZUID);
    this.settings.splice(this.settings.indexOf(s), 1);
    this.audit(AUDIT_ACTION.removed, settingZUID, by, `Deleted setting ${s.category}.${s.key}`);
  }

  // ---- audits and search ----

  /** Newest first, optionally for one affected ZUID or one action code. */
  listAudits(filter: { affectedZUID?: string; action?: number }): Audit[] {
    return this.audits
      .filter((a) => (!filter.affectedZUID || a.affectedZUID === filter.affectedZUID) && (!filter.action || a.action === filter.action))
      .reverse();
  }

  auditLog(auditZUID: string): Audit {
    const a = this.audits.find((x) => x.ZUID === auditZUID);
    if (!a) throw notFound(auditZUID);
    return a;
  }

  /** Case-insensitive match on the title, path part or ZUID of current item versions. */
  searchItems(term: string, limit: number): ItemSnapshot[] {
    const q = term.toLowerCase();
    const out: ItemSnapshot[] = [];
    for (const versions of this.items.values()) {
      const s = versions[versions.length - 1];
      const hay = `${String(s.data.title ?? '')} ${s.web.pathPart ?? ''} ${s.meta.ZUID}`.toLowerCase();
      if (hay.includes(q)) out.push(s);
      if (out.length >= limit) break;
    }
    return out;
  }

  private checkItemData(modelZUID: string, value: unknown, requireAll: boolean): Record<string, unknown> {
    if (!isObject(value)) throw badRequest('Missing "data": an object of field name → value');
    const fields = this.listFields(modelZUID);
    const unknown = Object.keys(value).filter((k) => !fields.some((f) => f.name === k));
    if (unknown.length) throw badRequest(`Unknown field(s) for this model: ${unknown.join(', ')}`);
    if (requireAll) {
      const missing = fields.filter((f) => f.required && (value[f.name] === undefined || value[f.name] === '')).map((f) => f.name);
      if (missing.length) throw badRequest(`Missing required field(s): ${missing.join(', ')}`);
    }
    return { ...value };
  }

  private audit(action: number, affectedZUID: string, by: string, message: string): void {
    this.audits.push(this.auditEntry(action, affectedZUID, by, message, this.stamp()));
  }

  private auditEntry(action: number, affectedZUID: string, by: string, message: string, at: string): Audit {
    return {
      ZUID: this.newZuid('audit'),
      action,
      affectedZUID,
      actionByUserZUID: by,
      meta: { message, uri: `/v1/${affectedZUID}` },
      happenedAt: at,
      createdAt: at,
    };
  }

  private newZuid(kind: ZuidKind): string {
    return zuid(this.rng, kind);
  }

  private stamp(): string {
    return new Date(this.now()).toISOString();
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requiredString(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v.trim() === '') throw badRequest(`Missing required field: ${key}`);
  return v;
}

/** `keyword` (or absent) → null meaning "default"; else an ISO date. */
function timeField(value: unknown, keyword: string, name: string, now: number): string | null {
  if (value === undefined || value === null || value === keyword) return keyword === 'now' ? new Date(now).toISOString() : null;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  throw badRequest(`"${name}" must be "${keyword}" or a date`);
}

import { Rng } from '../kit/rng';
import type { ContentField, ContentModel, ItemSnapshot, ModelType, Publishing, Setting } from './content-types';
import { zuid } from './zuid';

/** What a freshly seeded instance holds. */
export interface SeededContent {
  models: ContentModel[];
  fields: ContentField[];
  /** Each item's versions, oldest first. */
  items: ItemSnapshot[][];
  publishings: Publishing[];
  settings: Setting[];
}

const SEED_EPOCH = Date.parse('2024-01-01T00:00:00Z');
const HOUR = 3_600_000;

const MODEL_POOL: { name: string; label: string; type: ModelType; items: [number, number] }[] = [
  { name: 'homepage', label: 'Homepage', type: 'templateset', items: [1, 1] },
  { name: 'articles', label: 'Articles', type: 'pageset', items: [8, 40] },
  { name: 'authors', label: 'Authors', type: 'dataset', items: [3, 12] },
  { name: 'categories', label: 'Categories', type: 'dataset', items: [3, 10] },
  { name: 'landing_pages', label: 'Landing pages', type: 'pageset', items: [2, 15] },
];

const EXTRA_FIELDS: { name: string; label: string; datatype: string }[] = [
  { name: 'summary', label: 'Summary', datatype: 'textarea' },
  { name: 'image', label: 'Image', datatype: 'images' },
  { name: 'published_on', label: 'Published on', datatype: 'date' },
  { name: 'featured', label: 'Featured', datatype: 'yes_no' },
  { name: 'sort_order', label: 'Sort order', datatype: 'number' },
];

const WORDS = ['cloud', 'garden', 'release', 'notes', 'guide', 'winter', 'launch', 'team', 'recipe', 'travel', 'design', 'update'];

const SETTINGS: [string, string, string, string][] = [
  ['general', 'site_protocol', 'Site protocol', 'https'],
  ['general', 'preferred_domain_prefix', 'Preferred domain prefix', 'www'],
  ['general', 'trailing_slash', 'Trailing slash', '1'],
  ['developer', 'mode', 'Developer mode', 'production'],
  ['seo', 'sitemap', 'Sitemap', '1'],
  ['analytics', 'google_analytics_id', 'Google Analytics ID', ''],
];

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Deterministic content for one instance: same seed and ZUID, same models, items, versions. */
export function seedContent(seed: string, instanceZUID: string, ownerZUID: string): SeededContent {
  const rng = new Rng(`zesty:content:${seed}:${instanceZUID}`);
  const at = (hoursAgo: number) => new Date(SEED_EPOCH - hoursAgo * HOUR).toISOString();
  const out: SeededContent = { models: [], fields: [], items: [], publishings: [], settings: [] };

  for (const spec of MODEL_POOL.slice(0, rng.int(3, MODEL_POOL.length))) {
    const modelZUID = zuid(rng, 'model');
    const created = at(rng.int(2000, 9000));
    out.models.push({
      ZUID: modelZUID,
      masterZUID: modelZUID,
      name: spec.name,
      label: spec.label,
      type: spec.type,
      listed: true,
      description: `${spec.label} of this site`,
      parentZUID: null,
      createdAt: created,
      updatedAt: created,
    });
    const fieldSpecs = [
      { name: 'title', label: 'Title', datatype: 'text', required: true },
      { name: 'body', label: 'Body', datatype: 'wysiwyg_basic', required: false },
      ...EXTRA_FIELDS.filter(() => rng.chance(0.4)).map((f) => ({ ...f, required: false })),
    ];
    fieldSpecs.forEach((f, sort) =>
      out.fields.push({
        ZUID: zuid(rng, 'field'),
        contentModelZUID: modelZUID,
        ...f,
        sort,
        description: '',
        settings: { list: sort < 2 },
        createdAt: created,
        updatedAt: created,
      }),
    );

    const count = rng.int(spec.items[0], spec.items[1]);
    for (let i = 0; i < count; i++) {
      const itemZUID = zuid(rng, 'item');
      const title = spec.type === 'templateset' ? spec.label : `${rng.pick(WORDS)} ${rng.pick(WORDS)} ${i + 1}`;
      const pathPart = spec.type === 'dataset' ? null : spec.type === 'templateset' ? 'zesty_home' : slug(title);
      const versions: ItemSnapshot[] = [];
      const createdHours = rng.int(200, 1900);
      for (let v = 1, n = rng.int(1, 3); v <= n; v++) {
        versions.push({
          data: { title: v === 1 ? title : `${title} (rev ${v})`, body: `<p>${title}, version ${v}.</p>` },
          meta: {
            ZUID: itemZUID,
            masterZUID: itemZUID,
            contentModelZUID: modelZUID,
            version: v,
            langID: 1,
            sort: i,
            listed: true,
            createdByUserZUID: ownerZUID,
            createdAt: at(createdHours),
            updatedAt: at(createdHours - v * 10),
          },
          web: {
            pathPart,
            path: pathPart ? (spec.type === 'templateset' ? '/' : `/${spec.name}/${pathPart}/`) : null,
            metaTitle: title,
            metaDescription: null,
          },
        });
      }
      out.items.push(versions);
      if (rng.chance(0.7)) {
        const version = rng.int(1, versions.length);
        const publishedAt = at(createdHours - version * 10 - 1);
        out.publishings.push({
          ZUID: zuid(rng, 'publishing'),
          itemZUID,
          version,
          publishAt: publishedAt,
          unpublishAt: null,
          publishedByUserZUID: ownerZUID,
          createdAt: publishedAt,
          updatedAt: publishedAt,
        });
      }
    }
  }

  for (const [category, key, keyFriendly, value] of SETTINGS) {
    const created = at(rng.int(5000, 9000));
    out.settings.push({
      ZUID: zuid(rng, 'setting'),
      category,
      key,
      keyFriendly,
      value,
      dataType: 'text',
      admin: category === 'developer',
      tips: '',
      createdAt: created,
      updatedAt: created,
    });
  }
  return out;
}

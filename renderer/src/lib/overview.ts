import type { InstanceLabelKey } from '../../../shared/contract';
import type { Instance, NodeInfo } from '../../../shared/model';
import { formatMb } from './format';

/** One line of a detail overview: a real name, a value with its unit, maybe a link to another object. */
export interface OverviewField {
  label: string;
  value: string;
  mono?: boolean;
  /** Opens that node's detail (node → its instances). */
  node?: { accountId: string; id: string; name: string };
  /** Shows the fleet filtered to the instances of this account with the same label value (owner, image, …). */
  filter?: LabelLink;
  /** Shown on hover: where the value comes from or what it means. */
  title?: string;
}

/** A label filter as the fleet's chip shows it: "Owner: Ada Lovelace". */
export interface LabelLink {
  accountId: string;
  key: InstanceLabelKey;
  value: string;
  /** The chip's label (the field's name). */
  title: string;
  /** The chip's value (a name where the value is an id). */
  shown: string;
}

/** The link for a label of the instance, when it has that label. */
function labelLink(i: Instance, key: InstanceLabelKey, title: string, shown?: string): { filter: LabelLink } | Record<string, never> {
  const value = i.labels?.[key];
  return value ? { filter: { accountId: i.accountId, key, value, title, shown: shown ?? value } } : {};
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

function push(out: OverviewField[], label: string, value: string | undefined, extra: Partial<OverviewField> = {}): void {
  if (value !== undefined && value !== '') out.push({ label, value, ...extra });
}

/** What matters about an instance, per provider, from the mapped object and the API's own fields. */
export function instanceOverview(i: Instance, names: { user?(id: string): string | undefined } = {}): OverviewField[] {
  const raw = isObj(i.raw) ? i.raw : {};
  const out: OverviewField[] = [];
  switch (i.provider) {
    case 'skyport': {
      const node = isObj(raw.Node) ? raw.Node : undefined;
      const image = isObj(raw.imageData) ? raw.imageData : undefined;
      const imageName = text(image?.Name);
      push(out, 'Image', imageName, { title: text(image?.Description), ...labelLink(i, 'image', 'Image', imageName) });
      push(out, 'Docker image', text(raw.Image), { mono: true, ...(imageName ? {} : labelLink(i, 'image', 'Image')) });
      const nodeId = i.nodeId ?? text(node?.id);
      if (nodeId) {
        const name = text(node?.name) ?? nodeId;
        out.push({ label: 'Node', value: name, node: { accountId: i.accountId, id: nodeId, name } });
      }
      const user = text(raw.User);
      if (user) {
        const name = names.user?.(user);
        push(out, 'Owner', name ?? user, { mono: !name, title: `User id ${user}`, ...labelLink(i, 'user', 'Owner', name) });
      }
      const memory = Number(raw.Memory);
      if (Number.isFinite(memory) && memory > 0) push(out, 'Memory', formatMb(memory));
      const cpu = Number(raw.Cpu);
      if (Number.isFinite(cpu) && cpu > 0) push(out, 'CPU', `${cpu} ${cpu === 1 ? 'core' : 'cores'}`);
      push(out, 'Address', i.address, { mono: true });
      push(out, 'Ports', text(raw.Ports), { mono: true, title: 'container:host pairs' });
      push(out, 'Primary port', text(raw.Primary), { mono: true });
      if (Array.isArray(raw.Env) && raw.Env.length) push(out, 'Environment', raw.Env.filter((e) => typeof e === 'string').join('  '), { mono: true });
      break;
    }
    case 'nim': {
      push(out, 'NGINX version', i.version);
      push(out, 'Edition', i.labels?.edition);
      push(out, 'Config path', i.description, { mono: true });
      if (i.nodeId) out.push({ label: 'Node', value: text(raw.hostname) ?? i.nodeId, node: { accountId: i.accountId, id: i.nodeId, name: i.nodeId } });
      push(out, 'Instance group', i.labels?.instanceGroup, { mono: true, ...labelLink(i, 'instanceGroup', 'Instance group') });
      push(out, 'Last report', i.updatedAt);
      break;
    }
    case 'zesty': {
      push(out, 'Domain', i.address, { mono: true });
      push(out, 'Ecosystem', i.labels?.ecosystem, { mono: true, ...labelLink(i, 'ecosystem', 'Ecosystem') });
      push(out, 'Blueprint', i.labels?.blueprint, { mono: true, ...labelLink(i, 'blueprint', 'Blueprint') });
      push(out, 'Created', text(raw.createdAt));
      push(out, 'Updated', text(raw.updatedAt));
      push(out, 'Cancelled', text(raw.cancelledReason) ?? text(raw.cancelledAt));
      break;
    }
    case 'everypoint': {
      push(out, 'Description', i.description);
      push(out, 'API path', i.address, { mono: true, title: 'EveryPoint names an instance by its URI; a rename moves it' });
      break;
    }
    case 'kianda': {
      push(out, 'Process', i.labels?.process, labelLink(i, 'process', 'Process'));
      push(out, 'Version', i.version, { title: 'Kianda counts every saved change; an edit names the version it was based on' });
      push(out, 'Title', i.description);
      push(out, 'Created by', i.labels?.createdBy, labelLink(i, 'createdBy', 'Created by'));
      push(out, 'Created', text(raw.created));
      push(out, 'Modified', i.updatedAt);
      if (Array.isArray(raw.fields)) {
        for (const f of raw.fields) {
          if (isObj(f) && typeof f.fieldname === 'string' && f.fieldname !== 'title') push(out, f.fieldname, text(f.text) ?? text(f.value) ?? '');
        }
      }
      break;
    }
  }
  return out;
}

export function nodeOverview(n: NodeInfo): OverviewField[] {
  const raw = isObj(n.raw) ? n.raw : {};
  const out: OverviewField[] = [];
  push(out, 'Address', n.address, { mono: true });
  if (n.cpu !== undefined) push(out, 'CPU', `${n.cpu} ${n.cpu === 1 ? 'core' : 'cores'}`);
  if (n.memoryMb !== undefined) push(out, 'Memory', formatMb(n.memoryMb));
  if (n.diskMb !== undefined) push(out, 'Disk', formatMb(n.diskMb));
  if (n.instanceCount !== undefined) push(out, 'Instances', String(n.instanceCount));
  if (n.provider === 'skyport') {
    push(out, 'Processor', n.labels?.processor);
    push(out, 'Daemon', n.labels?.version);
    push(out, 'Tags', n.labels?.tags);
  }
  if (n.provider === 'nim') {
    push(out, 'Host name', text(raw.hostname), { mono: true });
    const os = isObj(raw.osRelease) ? text(raw.osRelease.name) ?? text(raw.osRelease.id) : undefined;
    push(out, 'Operating system', os);
    push(out, 'Last report', n.updatedAt);
  }
  return out;
}

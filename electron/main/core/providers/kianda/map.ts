import { HangarError } from '../../../../../shared/errors';
import type { Instance, InstanceStatus } from '../../../../../shared/model';

export interface KiandaField {
  fieldname: string;
  text: string;
  value: unknown;
}

/** A process instance as the API answers it (the simulator documents this shape; the docs show none). */
export interface KiandaInstanceView {
  name: string;
  processName: string;
  version: number;
  status: string;
  created?: string;
  modified?: string;
  createdBy?: string;
  fields: KiandaField[];
}

/** draft has not started, in-progress runs, completed finished its process, cancelled was halted by someone. */
const STATUS: Record<string, InstanceStatus> = {
  draft: 'installing',
  'in-progress': 'running',
  completed: 'completed',
  cancelled: 'suspended',
};

export function readView(value: unknown, what: string): KiandaInstanceView {
  const v = value as Partial<KiandaInstanceView> | null;
  if (
    !v ||
    typeof v !== 'object' ||
    typeof v.name !== 'string' ||
    typeof v.version !== 'number' ||
    !Number.isInteger(v.version) ||
    !Array.isArray(v.fields)
  ) {
    throw new HangarError('BAD_RESPONSE', `Kianda answered ${what} without a process instance {name, version, status, fields[]}`);
  }
  const fields = v.fields
    .filter((f): f is KiandaField => !!f && typeof f === 'object' && typeof (f as KiandaField).fieldname === 'string')
    .map((f) => ({ fieldname: f.fieldname, text: typeof f.text === 'string' ? f.text : String(f.value ?? ''), value: f.value }));
  return {
    name: v.name,
    processName: typeof v.processName === 'string' ? v.processName : '',
    version: v.version,
    status: typeof v.status === 'string' ? v.status : '',
    created: typeof v.created === 'string' ? v.created : undefined,
    modified: typeof v.modified === 'string' ? v.modified : undefined,
    createdBy: typeof v.createdBy === 'string' ? v.createdBy : undefined,
    fields,
  };
}

export function toInstance(accountId: string, v: KiandaInstanceView): Instance {
  const title = v.fields.find((f) => f.fieldname === 'title')?.text;
  const labels: Record<string, string> = {};
  if (v.processName) labels.process = v.processName;
  if (v.createdBy) labels.createdBy = v.createdBy;
  return {
    accountId,
    provider: 'kianda',
    id: v.name,
    name: v.name,
    status: STATUS[v.status] ?? 'unknown',
    rawStatus: v.status || undefined,
    version: String(v.version),
    description: title || v.processName || undefined,
    labels,
    updatedAt: v.modified,
    raw: v,
  };
}

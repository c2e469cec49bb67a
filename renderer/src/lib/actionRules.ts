import type { ProviderId } from '../../../shared/model';

/** EveryPoint's name rule (the API refuses anything else); checked as you type. */
export const EVERYPOINT_NAME = /^[a-z0-9-]{1,64}$/;
const PORTS = /^\s*\d{1,5}\s*:\s*\d{1,5}\s*(,\s*\d{1,5}\s*:\s*\d{1,5}\s*)*$/;

type Check = (value: string, all: Record<string, string>) => string | null;

const positiveInt = (what: string, max = Number.MAX_SAFE_INTEGER): Check => (v) =>
  /^\d+$/.test(v.trim()) && Number(v) > 0 && Number(v) <= max ? null : `${what} must be a whole number from 1 to ${max}`;

/** Per provider and action, the checks of each parameter beyond "required". Messages say how to fix it. */
const RULES: Partial<Record<ProviderId, Partial<Record<string, Record<string, Check>>>>> = {
  everypoint: {
    create: { name: (v) => (EVERYPOINT_NAME.test(v) ? null : 'Use 1–64 lower-case letters, digits and dashes (e.g. scan-site-2)') },
    rename: { name: (v) => (EVERYPOINT_NAME.test(v) ? null : 'Use 1–64 lower-case letters, digits and dashes (e.g. scan-site-2)') },
  },
  skyport: {
    deploy: {
      name: (v) => (v.trim().length <= 64 ? null : 'At most 64 characters'),
      memory: positiveInt('Memory (MB)', 1_048_576),
      cpu: positiveInt('CPU cores', 256),
      ports: (v) => {
        if (!PORTS.test(v)) return 'Write container:host pairs separated by commas, e.g. 25565:25565';
        const bad = v.split(',').flatMap((pair) => pair.split(':').map(Number)).find((p) => p < 1 || p > 65535);
        return bad === undefined ? null : `Port ${bad} is outside 1–65535`;
      },
      primary: (v, all) => {
        const hosts = (all.ports ?? '').split(',').map((pair) => pair.split(':')[1]?.trim()).filter(Boolean);
        if (!/^\d+$/.test(v.trim())) return 'The primary port is a number';
        // 0: the panel takes the first host port.
        return v.trim() === '0' || hosts.includes(v.trim()) ? null : `The primary port must be one of the host ports (${hosts.join(', ') || 'none yet'})`;
      },
    },
  },
  kianda: {
    create: {
      instanceID: (v) => (/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,99}$/.test(v.trim()) ? null : 'Letters, digits, spaces, dots, dashes; up to 100'),
    },
  },
};

/** The first problem with a parameter's value, or null. `required` fields must not be blank. */
export function checkParam(
  provider: ProviderId,
  action: string,
  key: string,
  value: string,
  all: Record<string, string>,
  required: boolean,
): string | null {
  if (!value.trim()) return required ? 'Required' : null;
  return RULES[provider]?.[action]?.[key]?.(value, all) ?? null;
}

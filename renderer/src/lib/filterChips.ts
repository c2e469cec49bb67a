import { PROVIDER_LABELS, type ProviderId } from '../../../shared/model';
import type { FleetFilter } from '../stores/fleet';

/** One active filter as a removable chip. */
export interface FilterChip {
  key: string;
  label: string;
  value: string;
  remove(filter: FleetFilter): void;
}

/** Every active criterion of a filter, one chip each (a multi-select's values one by one). */
export function filterChips(
  filter: FleetFilter,
  options: { accountName(id: string): string; showEnvironments?: boolean; showAccounts?: boolean },
): FilterChip[] {
  const chips: FilterChip[] = [];
  const text = filter.text.trim();
  if (text) chips.push({ key: 'text', label: 'Search', value: `“${text}”`, remove: (f) => (f.text = '') });
  const each = <K extends 'statuses' | 'environments' | 'providers' | 'accountIds'>(
    field: K,
    label: string,
    show: (value: string) => string,
  ) => {
    for (const value of filter[field] as string[]) {
      chips.push({
        key: `${field}-${value}`,
        label,
        value: show(value),
        remove: (f) => ((f[field] as string[]) = (f[field] as string[]).filter((v) => v !== value)),
      });
    }
  };
  each('statuses', 'Status', (v) => v);
  if (options.showEnvironments !== false) each('environments', 'Env', (v) => v);
  each('providers', 'Provider', (v) => PROVIDER_LABELS[v as ProviderId] ?? v);
  if (options.showAccounts !== false) each('accountIds', 'Account', options.accountName);
  const label = filter.label;
  if (label) chips.push({ key: 'label', label: label.title, value: label.shown, remove: (f) => (f.label = null) });
  return chips;
}

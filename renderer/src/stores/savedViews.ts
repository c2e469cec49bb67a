import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { defaultColumns, emptyFilter, type ColumnState, type FleetFilter, type FleetKind } from './fleet';
import { parseScope, type Scope } from './scope';

/** A named combination of scope, filters, sort and columns of the Fleet or Nodes view. */
export interface SavedView {
  id: string;
  name: string;
  kind: FleetKind;
  scope: Scope;
  filter: FleetFilter;
  columns: ColumnState;
}

const STORAGE_KEY = 'hangar.savedViews';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** Reads the stored views; entries that do not parse are dropped, never a broken start. */
export function parseSavedViews(text: string | null): SavedView[] {
  if (!text) return [];
  try {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) return [];
    return list
      .filter((v): v is Record<string, unknown> => !!v && typeof v === 'object')
      .filter((v) => typeof v.id === 'string' && typeof v.name === 'string' && (v.kind === 'instances' || v.kind === 'nodes'))
      .map((v) => ({
        id: v.id as string,
        name: (v.name as string).slice(0, 80),
        kind: v.kind as FleetKind,
        scope: parseScope(JSON.stringify(v.scope ?? null)),
        filter: { ...emptyFilter(), ...(typeof v.filter === 'object' && v.filter ? (v.filter as Partial<FleetFilter>) : {}) },
        columns: { ...defaultColumns(), ...(typeof v.columns === 'object' && v.columns ? (v.columns as Partial<ColumnState>) : {}) },
      }));
  } catch {
    return [];
  }
}

/** Saved views live in localStorage (the app:// origin keeps it across restarts), like the scope. */
export const useSavedViewsStore = defineStore('savedViews', () => {
  const views = ref<SavedView[]>(parseSavedViews(storage()?.getItem(STORAGE_KEY) ?? null));
  watch(views, (value) => storage()?.setItem(STORAGE_KEY, JSON.stringify(value)), { deep: true });

  function save(view: Omit<SavedView, 'id'>): SavedView {
    const copy = JSON.parse(JSON.stringify(view)) as Omit<SavedView, 'id'>;
    const existing = views.value.find((v) => v.name === copy.name && v.kind === copy.kind);
    if (existing) {
      Object.assign(existing, copy);
      return existing;
    }
    const saved: SavedView = { id: `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, ...copy };
    views.value = [...views.value, saved];
    return saved;
  }

  function remove(id: string): void {
    views.value = views.value.filter((v) => v.id !== id);
  }

  return { views, save, remove };
});

import { describe, expect, it } from 'vitest';
import { formatAge, formatAgo, formatMb, prettyJson } from '../../renderer/src/lib/format';
import { focusSearch, shortcutFor } from '../../renderer/src/lib/shortcuts';
import { syncStateLabel } from '../../renderer/src/lib/status';
import { toInstanceQuery, emptyFilter, isFiltered } from '../../renderer/src/stores/fleet';

const key = (k: string, extra: Partial<KeyboardEvent> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: document.body, ...extra }) as KeyboardEvent;

describe('shortcuts', () => {
  it('Ctrl/Cmd+digit navigates, / searches unless typing, F5 refreshes', () => {
    expect(shortcutFor(key('3', { ctrlKey: true }))).toEqual({ kind: 'navigate', index: 2 });
    expect(shortcutFor(key('1', { metaKey: true }))).toEqual({ kind: 'navigate', index: 0 });
    expect(shortcutFor(key('3'))).toBeNull();
    expect(shortcutFor(key('/'))).toEqual({ kind: 'focusSearch' });
    const input = document.createElement('input');
    expect(shortcutFor(key('/', { target: input }))).toBeNull();
    expect(shortcutFor(key('F5'))).toEqual({ kind: 'refresh' });
  });

  it('focusSearch focuses the marked search box', () => {
    document.body.innerHTML = '<div data-search-input><input id="s" /></div>';
    expect(focusSearch()).toBe(true);
    expect(document.activeElement?.id).toBe('s');
    document.body.innerHTML = '';
    expect(focusSearch()).toBe(false);
  });
});

describe('formatting', () => {
  it('ages and sync words', () => {
    expect(formatAge(10)).toBe('just now');
    expect(formatAge(12 * 60)).toBe('12 min');
    expect(formatAge(3 * 3600)).toBe('3 h');
    expect(formatAge(5 * 86_400)).toBe('5 d');
    expect(formatAge(800 * 86_400)).toBe('2 y');
    expect(formatAge(null)).toBe('never');
    expect(formatAgo('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:12:00Z'))).toBe('12 min ago');
    expect(formatAgo(undefined, 0)).toBe('—');
    expect(syncStateLabel('stale', 12 * 60)).toBe('stale · 12 min');
    expect(syncStateLabel('auth_failed', null)).toBe('auth failed');
    expect(formatMb(512)).toBe('512 MB');
    expect(formatMb(16_384)).toBe('16 GB');
    expect(prettyJson({ a: 1n })).toContain('"a": "1"');
  });

  it('a filter becomes a query without empty criteria', () => {
    const f = emptyFilter();
    expect(isFiltered(f)).toBe(false);
    expect(toInstanceQuery(f, 100, 50)).toEqual({ offset: 100, limit: 50, sort: 'name', sortDir: 'asc' });
    f.text = '  web ';
    f.statuses = ['running'];
    f.providers = ['nim'];
    expect(isFiltered(f)).toBe(true);
    expect(toInstanceQuery(f, 0, 100)).toMatchObject({ text: 'web', statuses: ['running'], providers: ['nim'] });
  });
});

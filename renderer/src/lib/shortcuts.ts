export type ShortcutAction = { kind: 'navigate'; index: number } | { kind: 'focusSearch' } | { kind: 'refresh' } | { kind: 'palette' };

function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || el.isContentEditable;
}

/** The app-wide keyboard shortcuts: Ctrl/Cmd+1…9 → nth view, Ctrl/Cmd+K → palette, `/` → search (when not typing), F5 → refresh. */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>,
): ShortcutAction | null {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && /^[1-9]$/.test(event.key)) {
    return { kind: 'navigate', index: Number(event.key) - 1 };
  }
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') return { kind: 'palette' };
  if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
    return { kind: 'focusSearch' };
  }
  if (event.key === 'F5' && !event.ctrlKey && !event.metaKey) return { kind: 'refresh' };
  return null;
}

/** Focuses the current view's search box (views mark it with data-search-input). */
export function focusSearch(root: ParentNode = document): boolean {
  const input = root.querySelector<HTMLInputElement>('[data-search-input] input, input[data-search-input]');
  if (!input) return false;
  input.focus();
  input.select();
  return true;
}

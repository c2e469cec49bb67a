import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ConfigFileNameDialog from '../../renderer/src/components/configs/ConfigFileNameDialog.vue';
import type { RenamePlan } from '../../shared/contract';

/**
 * The Rename dialog's answers as you type: asked once the name passes the rule, after a short pause, and only
 * the answer for the name now in the field is shown (a slow answer for an older name is dropped). The core's
 * own answers are covered end to end in tests/e2e/configs-files.spec.ts; here the answers arrive in a chosen order.
 */
describe('ConfigFileNameDialog (rename preview)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    document.body.innerHTML = '';
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const planFor = (to: string, line: number): RenamePlan => ({
    from: '/etc/nginx/mime.types',
    to,
    files: [],
    includes: [{ file: '/etc/nginx/nginx.conf', line, column: 13, before: '/etc/nginx/mime.types', after: to }],
    updated: true,
    globs: [],
  });

  it('shows only the answer for the name in the field, and sends the box’s choice with the name', async () => {
    const pending = new Map<string, (p: RenamePlan) => void>();
    const asked: string[] = [];
    const preview = (to: string) => {
      asked.push(to);
      return new Promise<RenamePlan>((resolve) => pending.set(to, resolve));
    };
    const wrapper = mount(ConfigFileNameDialog, {
      props: { mode: null, current: '/etc/nginx/mime.types', names: ['/etc/nginx/nginx.conf', '/etc/nginx/mime.types'], rootDir: '/etc/nginx', preview },
      attachTo: document.body,
    });
    await wrapper.setProps({ mode: 'rename' });
    await flushPromises();
    const input = () => document.querySelector<HTMLInputElement>('#file-name-input')!;
    const type = async (text: string) => {
      input().value = text;
      input().dispatchEvent(new Event('input'));
      await flushPromises();
    };
    const shown = () => document.querySelector('[data-testid="rename-includes-line"]')?.textContent?.trim() ?? null;

    await type('a.types');
    vi.advanceTimersByTime(60);
    await type('b.types'); // within the pause: "a" is never asked
    vi.advanceTimersByTime(200);
    await type('nginx.conf'); // refused by the rule: not asked
    vi.advanceTimersByTime(200);
    await type('c.types');
    vi.advanceTimersByTime(200);
    expect(asked).toEqual(['/etc/nginx/b.types', '/etc/nginx/c.types']);

    pending.get('/etc/nginx/c.types')!(planFor('/etc/nginx/c.types', 11));
    await flushPromises();
    expect(shown()).toBe('Also updates 1 include: nginx.conf line 11');
    // The older answer arrives late: dropped.
    pending.get('/etc/nginx/b.types')!(planFor('/etc/nginx/b.types', 99));
    await flushPromises();
    expect(shown()).toBe('Also updates 1 include: nginx.conf line 11');

    document.querySelector<HTMLElement>('[data-testid="rename-update-includes"]')!.click();
    await flushPromises();
    expect(shown()).toContain('Leaves 1 include naming the old file (nginx.conf line 11)');
    document.querySelector<HTMLElement>('[data-testid="file-name-ok"]')!.click();
    await flushPromises();
    expect(wrapper.emitted('named')).toEqual([['/etc/nginx/c.types', false]]);
    wrapper.unmount();
  });
});

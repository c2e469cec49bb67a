import { describe, expect, it } from 'vitest';
import { ActivityGate } from '../../../electron/main/shell/activity';

function gate() {
  const calls: string[] = [];
  const g = new ActivityGate({ pause: () => calls.push('pause'), resume: () => calls.push('resume') });
  return { g, calls };
}

describe('ActivityGate', () => {
  it('pauses sync while hidden or idle and resumes once, when both are over', () => {
    const { g, calls } = gate();
    g.setVisible(false);
    g.setIdle(true);
    g.setVisible(true);
    expect(calls).toEqual(['pause']);
    g.setIdle(false);
    g.setIdle(false);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('keeps syncing while hidden when something subscribes, and pauses when it lets go', () => {
    const { g, calls } = gate();
    const release = g.subscribe();
    g.setVisible(false);
    expect(calls).toEqual([]);
    release();
    release();
    expect(calls).toEqual(['pause']);
  });
});

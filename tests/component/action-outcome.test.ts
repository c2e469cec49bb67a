import { describe, expect, it } from 'vitest';
import type { Instance } from '../../shared/model';
import { ApiError } from '../../renderer/src/api/client';
import { classifyResult, forceChoice, nameList } from '../../renderer/src/lib/actionOutcome';

const inst = (id: string, name: string) => ({ id, name }) as unknown as Instance;

describe('classifyResult: only a result with nothing to report is a success', () => {
  it('a plain result is a success with a short sentence', () => {
    const o = classifyResult('suspend', 'alpha', { instance: inst('a', 'alpha'), confirmedBy: 'api', message: 'alpha (a): suspended' });
    expect(o).toMatchObject({ level: 'success', toast: 'Suspended alpha.', deleted: false, others: [], instead: [] });
  });

  it('a mismatch is a warning naming the instance the panel flagged instead, even though the API answered', () => {
    const o = classifyResult('suspend', 'alpha', {
      instance: inst('a', 'alpha'),
      affected: [inst('b', 'beta')],
      confirmedBy: 'reread',
      mismatch: { what: 'suspended flag', record: 'suspended', list: 'not suspended', instead: [{ id: 'b', name: 'beta' }] },
      warning: "The panel's records disagree after …",
      message: "The panel's records disagree after …",
    });
    expect(o.level).toBe('warning');
    expect(o.toast).toBe('Suspend alpha not confirmed: the panel changed beta instead.');
    expect(o.instead).toEqual(['beta']);
    // The instance flagged instead is not repeated as "also changed".
    expect(o.others).toEqual([]);
    expect(o.detail).toContain('records disagree');
  });

  it('a mismatch without a named object still is not a success, and a delete still listed does not close', () => {
    const o = classifyResult('delete', 'alpha', { mismatch: { what: 'deletion', record: 'deleted', list: 'still listed' }, message: 'still shows it' });
    expect(o).toMatchObject({ level: 'warning', deleted: false });
    expect(o.toast).toContain('not confirmed');
  });

  it('removed ids are named where known, and the delete closes', () => {
    const o = classifyResult(
      'delete',
      'alpha',
      { deletedId: 'a', removedIds: ['b', 'c'], warning: 'The panel also removed 2 other instances', message: 'Deleted instance alpha (a). The panel also removed 2 other instances' },
      (id) => (id === 'b' ? 'beta' : undefined),
    );
    expect(o).toMatchObject({ level: 'warning', deleted: true, others: ['beta', 'c'] });
    expect(o.toast).toBe('Deleted alpha, but the panel also removed beta and c.');
  });

  it('a warning alone is a warning; a delete from a provider without deletedId still closes', () => {
    expect(classifyResult('rename', 'alpha', { warning: 'x' }).level).toBe('warning');
    expect(classifyResult('delete', 'alpha', { message: 'ok' })).toMatchObject({ level: 'success', deleted: true, toast: 'Deleted alpha.' });
  });

  it('toasts stay short and carry no API internals', () => {
    const o = classifyResult('suspend', 'alpha', {
      mismatch: { what: 'suspended flag', record: 'suspended', list: 'not suspended', instead: [{ id: 'b', name: 'beta' }] },
      message: 'PUT /api/instances/a/suspend answered 500 {"error":"x"}',
    });
    expect(o.toast).not.toMatch(/\/api\/|500|\{/);
    expect(o.toast.length).toBeLessThan(120);
  });
});

describe('forceChoice', () => {
  it('explains an installing instance whose delete would remove others, by name', () => {
    const err = new ApiError({
      code: 'CONFLICT',
      message: 'long',
      details: { reason: 'NO_CONTAINER_ID', force: 'force', wouldAlsoRemove: [{ id: 'b', name: 'beta' }, { id: 'c', name: 'gamma' }], count: 2 },
    } as never);
    const c = forceChoice(err, 'alpha')!;
    expect(c.reason).toBe('NO_CONTAINER_ID');
    expect(c.explanation).toBe(
      'alpha is still installing, so it has no container yet. The panel deletes by container, so it would also remove 2 other installing instances: beta and gamma.',
    );
    expect(c.entries).toEqual([{ id: 'b', name: 'beta' }, { id: 'c', name: 'gamma' }]);
  });

  it('explains a node that still has instances', () => {
    const c = forceChoice({ code: 'CONFLICT', details: { reason: 'NODE_HAS_INSTANCES', force: 'force', instances: [{ id: 'x', name: 'web-1' }], count: 1 } }, 'node-a')!;
    expect(c.explanation).toContain('The node still has 1 instance: web-1.');
  });

  it('is null for any other error, and for a CONFLICT that cannot be forced', () => {
    expect(forceChoice({ code: 'CONFLICT', details: { reason: 'VERSION' } }, 'a')).toBeNull();
    expect(forceChoice({ code: 'NOT_FOUND', details: { force: 'force' } }, 'a')).toBeNull();
  });

  it('nameList', () => {
    expect(nameList(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
});

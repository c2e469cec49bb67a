import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../electron/main/core/util/redact';

// A sync registers one secret per object that carries a key (Skyport nodes and instances), and every
// HTTP request of the sync passes its path through the redactor: its cost must not grow with the secrets.
describe('Redactor at fleet scale', () => {
  it('masks overlapping and repeated secrets whole', () => {
    const r = new Redactor();
    r.add('abcd');
    r.add('bcdefgh');
    r.add('supersecret');
    expect(r.redact('x abcdefgh y supersecretsupersecret z abc')).toBe('x *** y *** z abc');
    expect(r.redact(`token=${encodeURIComponent('p@ss word!')}`)).toBe('token=***');
  });

  it('costs about the same with 60,000 secrets sharing a prefix as with one', () => {
    const r = new Redactor();
    const secrets = Array.from({ length: 60_000 }, (_, i) => `skyport_${(i * 7919).toString(36)}x${i}`);
    for (const s of secrets) r.add(s);
    const one = new Redactor();
    one.add(secrets[0]);
    // Compared with itself on the same machine, interleaved, not against a wall-clock limit: a cost that grew
    // with the number of secrets (a loop over them) would be thousands of times slower, not a few.
    const time = (red: Redactor) => {
      const started = performance.now();
      for (let i = 0; i < 1_000; i++) red.redact(`/api/instances/${i}/details?page=2 and a little more text`);
      return performance.now() - started;
    };
    let many = 0;
    let few = 0;
    for (let round = 0; round < 5; round++) {
      many += time(r);
      few += time(one);
    }
    expect(many / Math.max(few, 1)).toBeLessThan(50);
    expect(r.redact(`key ${secrets[12_345]} and ${secrets[59_999]}.`)).toBe('key *** and ***.');
  });
});

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

  it('stays fast with 60,000 secrets sharing a prefix', () => {
    const r = new Redactor();
    const secrets = Array.from({ length: 60_000 }, (_, i) => `skyport_${(i * 7919).toString(36)}x${i}`);
    for (const s of secrets) r.add(s);
    const started = performance.now();
    for (let i = 0; i < 5_000; i++) r.redact(`/api/instances/${i}/details?page=2 and a little more text`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r.redact(`key ${secrets[12_345]} and ${secrets[59_999]}.`)).toBe('key *** and ***.');
  });
});

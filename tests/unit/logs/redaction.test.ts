import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/main/core/util/log';
import { Redactor } from '../../../electron/main/core/util/redact';

function capture(redactor: Redactor) {
  const lines: string[] = [];
  const log = createLogger({ sink: (l) => lines.push(l), redactor, level: 'debug' });
  return { log, lines };
}

describe('log lines and the redactor', () => {
  it.each([
    ['a double quote', 'pa"ss"word-1'],
    ['a backslash', 'C:\\secret\\value'],
    ['a newline', 'line1\nline2-secret'],
    ['a tab and a control character', 'tab\tand\u0001ctl'],
    ['unicode', 'pässwörd-ß✓'],
  ])('masks a secret with %s wherever it appears in a line', (_what, secret) => {
    const redactor = new Redactor();
    redactor.add(secret);
    const { log, lines } = capture(redactor);
    log.info(`sign-in with ${secret} failed`, { body: `{"key":"${secret}"}`, nested: { list: [secret] } });
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]) as Record<string, unknown>;
    const decoded = JSON.stringify(parsed);
    expect(lines[0]).not.toContain(JSON.stringify(secret).slice(1, -1));
    for (const value of [parsed.msg, parsed.body, (parsed.nested as { list: string[] }).list[0]]) {
      expect(String(value)).not.toContain(secret);
      expect(String(value)).toContain('***');
    }
    expect(decoded).not.toContain(secret);
  });

  it('masks secrets shorter than four characters where they stand alone', () => {
    const redactor = new Redactor();
    redactor.add('x9');
    redactor.add('a"b');
    const { log, lines } = capture(redactor);
    log.warn('key x9 refused', { key: 'x9', other: 'a"b', words: 'max9 and x99 stay' });
    const parsed = JSON.parse(lines[0]) as Record<string, string>;
    expect(parsed.msg).toBe('key *** refused');
    expect(parsed.key).toBe('***');
    expect(parsed.other).toBe('***');
    // Inside a longer word a two-character secret is not that secret: the line stays readable.
    expect(parsed.words).toBe('max9 and x99 stay');
    expect(redactor.redact('token=x9;')).not.toContain('x9');
  });

  it('still masks long secrets in plain text and keeps dates as JSON writes them', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-token-value');
    const { log, lines } = capture(redactor);
    const at = new Date('2026-01-02T03:04:05.000Z');
    log.error('failed', { url: 'https://h/x?k=s3cr3t-token-value', at });
    const parsed = JSON.parse(lines[0]) as Record<string, string>;
    expect(parsed.url).toBe('https://h/x?k=***');
    expect(parsed.at).toBe('2026-01-02T03:04:05.000Z');
  });
});

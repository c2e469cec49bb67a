import type { ActivityEntry } from '../../../../shared/contract';

const CSV_COLUMNS: (keyof ActivityEntry)[] = [
  'seq', 'at', 'accountId', 'accountName', 'kind', 'action', 'targetKind', 'targetId', 'targetName',
  'summary', 'outcome', 'actor', 'durationMs', 'message', 'code', 'details',
];

/** RFC 4180: quoted when needed, quotes doubled; a leading =, +, - or @ is prefixed so a spreadsheet never runs it. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function activityToCsv(rows: ActivityEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function activityToJson(rows: ActivityEntry[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

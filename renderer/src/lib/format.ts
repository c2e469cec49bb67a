/** "just now", "12 min", "3 h", "2 d" — the age words of the status bar and stale badges. */
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return 'never';
  const s = Math.max(0, Math.round(seconds));
  if (s < 45) return 'just now';
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  const d = Math.round(h / 24);
  if (d < 365) return `${d} d`;
  return `${Math.floor(d / 365)} y`;
}

export function ageSeconds(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : (now - t) / 1000;
}

/** "12 min ago" / "just now" for an ISO time, or the fallback when missing. */
export function formatAgo(iso: string | null | undefined, now: number, fallback = '—'): string {
  const age = ageSeconds(iso, now);
  if (age === null) return fallback;
  const words = formatAge(age);
  return words === 'just now' ? words : `${words} ago`;
}

export function formatMb(mb: number | undefined): string {
  if (mb === undefined || !Number.isFinite(mb)) return '—';
  return mb >= 1024 ? `${(mb / 1024).toFixed(mb >= 10_240 ? 0 : 1)} GB` : `${Math.round(mb)} MB`;
}

const COUNT = new Intl.NumberFormat('en-US');
/** One formatter for every count (toLocaleString builds a new one per call: too slow per keystroke). */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** Pretty JSON of an API's raw object for the detail view; never throws (cycles, BigInt). */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) ?? 'null';
  } catch {
    return String(value);
  }
}

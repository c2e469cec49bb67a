import { readdirSync, readFileSync } from 'node:fs';

/** Pids whose parent is `ppid` (read from /proc; empty where /proc is missing). */
export function childPids(ppid: number): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // The command name may contain spaces and parentheses: fields resume after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid) out.push(Number(e));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export function processTitle(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+/g, ' ').trim();
  } catch {
    return '';
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface HostSample {
  at: number;
  /** Cumulative CPU jiffies from /proc/stat. */
  cpu: { user: number; system: number; idle: number; total: number };
  memTotalBytes: number;
  memAvailableBytes: number;
  load1: number;
}

/** One reading of the host's CPU, memory and load, or undefined off Linux. */
export function sampleHost(now = Date.now()): HostSample | undefined {
  try {
    const cpuLine = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = cpuLine;
    const mem = readFileSync('/proc/meminfo', 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(mem)?.[1] ?? 0) * 1024;
    const load1 = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
    return {
      at: now,
      cpu: { user: user + nice, system: system + irq + softirq, idle: idle + iowait, total: user + nice + system + idle + iowait + irq + softirq + steal },
      memTotalBytes: kb('MemTotal'),
      memAvailableBytes: kb('MemAvailable'),
      load1,
    };
  } catch {
    return undefined;
  }
}

/** CPU shares in percent between two samples. */
export function cpuPercent(prev: HostSample, next: HostSample): { user: number; system: number; idle: number } {
  const total = next.cpu.total - prev.cpu.total;
  if (total <= 0) return { user: 0, system: 0, idle: 100 };
  const pct = (a: number, b: number) => Math.round(((b - a) / total) * 1000) / 10;
  return { user: pct(prev.cpu.user, next.cpu.user), system: pct(prev.cpu.system, next.cpu.system), idle: pct(prev.cpu.idle, next.cpu.idle) };
}

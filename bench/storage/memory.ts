// Resident memory of a process from /proc (Linux): VmRSS now, VmHWM the peak since start or the last reset.
import { readFileSync, writeFileSync } from 'node:fs';

export interface Memory {
  rssKb: number;
  hwmKb: number;
}

export function memoryOf(pid: number | 'self' = 'self'): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0: "5" to clear_refs); false where that is not allowed. */
export function resetPeak(pid: number | 'self' = 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

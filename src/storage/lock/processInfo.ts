// Facts about processes on this machine that make "is the owner of this record still running?" answerable.
// Linux gives exact answers through /proc (boot id, process start time); elsewhere only the pid is known.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { threadId } from 'node:worker_threads';
import { errorCode } from './fsErrors';

/** Who is running this code: the fields every lock record carries besides its token and creation time. */
export interface ProcessIdentity {
  /** os.hostname(), encoded for a file name (see encodeHost). */
  readonly host: string;
  readonly pid: number;
  /** worker_threads.threadId: 0 on the main thread. */
  readonly threadId: number;
  /** "<boot>-<start>": Linux boot id prefix and process start time in clock ticks; "0-0" where unknown. */
  readonly start: string;
}

let cached: Omit<ProcessIdentity, 'threadId'> | undefined;

export function currentProcess(): ProcessIdentity {
  if (!cached) {
    const stat = readProcStat(process.pid);
    cached = { host: encodeHost(hostname()), pid: process.pid, start: `${bootId()}-${typeof stat === 'object' ? stat.startTicks : '0'}` };
  }
  return { ...cached, threadId };
}

/**
 * Lower-case letters, digits and '-' are kept; every other UTF-8 byte becomes %XX, so the result never holds the
 * record-name separator '_' and is a valid file name everywhere. Hostnames are case-insensitive, hence lower case.
 */
export function encodeHost(name: string): string {
  let out = '';
  for (const byte of Buffer.from(name.toLowerCase(), 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[a-z0-9-]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
  }
  // Keep record names well under every file system's 255-byte limit.
  return (out.length > 64 ? out.slice(0, 64) : out) || 'unknown';
}

export interface ProcStat {
  /** Exited but not yet reaped by its parent: as good as dead for us. */
  readonly zombie: boolean;
  /** Field 22 of /proc/<pid>/stat: ticks after boot at which the process started; differs when a pid is reused. */
  readonly startTicks: string;
}

/** 'gone' when /proc says there is no such process; undefined when /proc cannot tell (not Linux, hidepid, …). */
export function readProcStat(pid: number): ProcStat | 'gone' | undefined {
  if (process.platform !== 'linux') return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch (error) {
    return errorCode(error) === 'ENOENT' || errorCode(error) === 'ESRCH' ? 'gone' : undefined;
  }
  // "pid (comm) state ppid …": comm may contain spaces and parentheses, so count fields after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTicks = fields[19];
  if (!state || !startTicks || !/^\d+$/.test(startTicks)) return undefined;
  return { zombie: state === 'Z' || state === 'X', startTicks };
}

/** The first 8 hex digits of Linux's per-boot random id, or "0": pids from an earlier boot mean nothing now. */
function bootId(): string {
  if (process.platform !== 'linux') return '0';
  try {
    const id = readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim().replace(/-/g, '').slice(0, 8);
    return /^[0-9a-f]{8}$/.test(id) ? id : '0';
  } catch {
    return '0';
  }
}

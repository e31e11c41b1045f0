// Which format a log is written in, told from its first lines (as lnav does), and each line split by it into header
// fields and message. One format per log: a line the format does not match (a stack trace, a wrapped message) is
// all message.
import { LogTimeParser, type LogTime } from '../timestamps';
import { isContinuation } from './continuation';
import { LOG_FORMATS, PLAIN, type LogFormat } from './formats';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface ParsedLine {
  /** The message: what pattern mining sees. */
  readonly message: string;
  readonly level?: LogLevel;
  /** The timestamp text as written (parse it with time()). */
  readonly timestampText?: string;
  readonly component?: string;
}

/** How many lines detection looks at: enough to see past a banner, few enough to cost nothing. */
export const DETECTION_SAMPLE = 200;

const LEVELS: Record<string, LogLevel> = {
  v: 'trace', trace: 'trace', finest: 'trace', finer: 'trace',
  d: 'debug', debug: 'debug', fine: 'debug', config: 'debug',
  i: 'info', info: 'info', notice: 'info', information: 'info',
  w: 'warn', warn: 'warn', warning: 'warn',
  e: 'error', error: 'error', err: 'error', severe: 'error',
  f: 'fatal', a: 'fatal', fatal: 'fatal', critical: 'fatal', crit: 'fatal', alert: 'fatal', emerg: 'fatal', failure: 'fatal',
  // pino / bunyan numeric levels (JSON lines).
  10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal',
};

/** Level words seen, normalised: a log repeats a handful of them on every line (no lower-casing per line). */
const levelOf = new Map<string, LogLevel | undefined>();

export function normaliseLevel(word: string | undefined): LogLevel | undefined {
  if (!word) return undefined;
  let level = levelOf.get(word);
  if (level === undefined && !levelOf.has(word)) {
    level = LEVELS[word.toLowerCase()];
    if (levelOf.size < 1000) levelOf.set(word, level);
  }
  return level;
}

/**
 * The format matching most of the sample (ties: the earlier, more specific one); plain when none matches a third.
 * Stack traces and other continuation lines are left out: they have no header in any format.
 */
export function detectFormat(sample: readonly string[]): LogFormat {
  const lines = sample.map(withoutBom).filter((line) => line.trim() !== '' && !isContinuation(line)).slice(0, DETECTION_SAMPLE);
  let best = PLAIN;
  let bestCount = 0;
  for (const format of LOG_FORMATS) {
    let count = 0;
    for (const line of lines) if (format.match(line)) count++;
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  return bestCount * 3 >= lines.length && bestCount > 0 ? best : PLAIN;
}

/**
 * The line without a leading byte-order mark. The text keeps a log's BOM as U+FEFF (offsets count it), so a log
 * written by a Windows tool, or a concatenation of such logs, has one before a line's header.
 */
const withoutBom = (line: string): string => (line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);

/** Lines between two checks of whether the format still fits. */
export const RECHECK_LINES = 200;
/** The longest run of lines a plain log goes without a look for a format (see LineParser.watchPlain). */
const MAX_PLAIN_INTERVAL = 64 * RECHECK_LINES;

/**
 * Splits lines by a format. When most of the last RECHECK_LINES lines (continuation lines aside) did not match it
 * (logs concatenated, a service restarted with another logger), the format is detected again from those lines.
 * A plain log, which every line matches, is sampled for a format instead. Deterministic: the same lines in the
 * same order give the same results, so a second pass over a file parses it as the first did.
 */
export class LineParser {
  private current: LogFormat;
  private seen = 0;
  private misses: string[] = [];
  /** Lines from one look for a format to the next while the format is plain. */
  private plainInterval = RECHECK_LINES;
  private readonly times: LogTimeParser;

  /** `defaultYear`, `now`: the year of dates written without one (see ../yearlessDates.ts). */
  constructor(readonly initial: LogFormat, defaultYear?: number, now = Date.now()) {
    this.current = initial;
    this.times = new LogTimeParser(defaultYear, now);
  }

  get format(): LogFormat {
    return this.current;
  }

  /** Whether the message parse() returned last is the end of its line (see LogFormat.messageAtEnd). */
  messageAtEnd = false;

  parse(line: string): ParsedLine {
    line = withoutBom(line);
    const format = this.current;
    if (format.exec) return this.parseMatch(format, line, format.exec(line));
    const groups = format.match(line);
    this.watch(format, line, groups !== undefined);
    this.messageAtEnd = !groups || format.messageAtEnd === true;
    if (!groups) return { message: line };
    return {
      message: groups.msg ?? '',
      level: normaliseLevel(groups.level),
      timestampText: groups.ts,
      component: groups.component,
    };
  }

  /** parse() for a regular expression's format: its fields read from the match by number, as match() reads them. */
  private parseMatch(format: LogFormat, line: string, m: RegExpExecArray | null): ParsedLine {
    this.watch(format, line, m !== null);
    this.messageAtEnd = !m || format.messageAtEnd === true;
    if (!m) return { message: line };
    const { ts, level, component, msg } = format.groups!;
    return {
      message: (msg ? m[msg] : undefined) ?? '',
      level: normaliseLevel(level ? m[level] : undefined),
      timestampText: ts ? m[ts] : undefined,
      component: component ? m[component] : undefined,
    };
  }

  /** Counts the line towards the next check of the format (a stack trace's lines are no sign of another one). */
  private watch(format: LogFormat, line: string, matched: boolean): void {
    if (format === PLAIN) this.watchPlain(line);
    else if (matched) {
      if (++this.seen >= RECHECK_LINES) this.recheck();
    } else if (line !== '' && !isContinuation(line)) {
      this.misses.push(line);
      if (++this.seen >= RECHECK_LINES) this.recheck();
    }
  }

  /**
   * A log that opened without a format (a banner, a console's output, exceptions) may have one further on: the
   * last RECHECK_LINES lines before each look are a sample for detection. The looks grow apart (200, 400, 800 …
   * lines, at most MAX_PLAIN_INTERVAL), so a truly plain log pays for a few hundred lines' detection only.
   */
  private watchPlain(line: string): void {
    const left = this.plainInterval - ++this.seen;
    if (left < RECHECK_LINES && line !== '') this.misses.push(line);
    if (left > 0) return;
    const candidate = detectFormat(this.misses);
    if (candidate !== PLAIN) this.current = candidate;
    this.plainInterval = Math.min(this.plainInterval * 2, MAX_PLAIN_INTERVAL);
    this.seen = 0;
    this.misses = [];
  }

  private recheck(): void {
    if (this.misses.length * 2 > this.seen) {
      const candidate = detectFormat(this.misses);
      if (candidate !== PLAIN) this.current = candidate;
    }
    this.seen = 0;
    this.misses = [];
  }

  time(parsed: ParsedLine): LogTime | undefined {
    return parsed.timestampText === undefined ? undefined : this.times.parse(parsed.timestampText);
  }
}

// Which format a log is written in, told from its first lines (as lnav does), and each line split by it into header
// fields and message. One format per log: a line the format does not match (a stack trace, a wrapped message) is
// all message.
import { parseLogTime, type LogTime } from '../timestamps';
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
};

export function normaliseLevel(word: string | undefined): LogLevel | undefined {
  return word ? LEVELS[word.toLowerCase()] : undefined;
}

/** The format matching most of the sample (ties: the earlier, more specific one); plain when none matches a third. */
export function detectFormat(sample: readonly string[]): LogFormat {
  const lines = sample.filter((line) => line.trim() !== '').slice(0, DETECTION_SAMPLE);
  let best = PLAIN;
  let bestCount = 0;
  for (const format of LOG_FORMATS) {
    let count = 0;
    for (const line of lines) if (format.regex.test(line)) count++;
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  return bestCount * 3 >= lines.length && bestCount > 0 ? best : PLAIN;
}

export class LineParser {
  constructor(readonly format: LogFormat, private readonly defaultYear = new Date().getUTCFullYear()) {}

  parse(line: string): ParsedLine {
    const groups = this.format.regex.exec(line)?.groups;
    if (!groups) return { message: line };
    return {
      message: groups.msg ?? '',
      level: normaliseLevel(groups.level),
      timestampText: groups.ts,
      component: groups.component,
    };
  }

  time(parsed: ParsedLine): LogTime | undefined {
    return parsed.timestampText === undefined ? undefined : parseLogTime(parsed.timestampText, this.defaultYear);
  }
}

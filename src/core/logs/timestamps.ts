// Timestamps of log lines, as milliseconds since the epoch.
// A timestamp with a zone (Z, ±hh:mm, ±hhmm) or an epoch number is normalised to UTC (`zoned: true`). One without a
// zone is kept as its wall-clock reading taken as if it were UTC ("local-naive", `zoned: false`): the machine that
// wrote it is unknown, and guessing a zone would shift every line by the same wrong amount anyway. Timestamps
// without a year (syslog RFC 3164, logcat, Proxifier) take `defaultYear`.

export interface LogTime {
  /** Milliseconds since 1970-01-01T00:00:00Z (UTC when zoned, the wall-clock reading when not). */
  readonly ms: number;
  readonly zoned: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

function monthOf(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

/** Two-digit years as strptime's %y reads them: 69–99 → 19xx, 00–68 → 20xx. */
function fullYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year >= 69 ? 1900 + year : 2000 + year;
}

function fractionMs(fraction: string | undefined): number {
  if (!fraction) return 0;
  return Math.floor(Number(`0.${fraction}`) * 1000 + 1e-6);
}

/** Zone offset in minutes east of UTC, or undefined when there is none. */
function zoneMinutes(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  if (zone === 'Z' || zone === 'z' || zone === 'UTC' || zone === 'GMT') return 0;
  const m = /^([+-])(\d\d):?(\d\d)?$/.exec(zone);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

function build(parts: {
  year: number; month: number; day: number; hour: number; minute: number; second: number; ms?: number; zone?: string;
}): LogTime | undefined {
  const { year, month, day, hour, minute, second } = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, parts.ms ?? 0);
  // 30 February would roll over into March: refused instead.
  if (Number.isNaN(wall) || (hour < 24 && new Date(wall).getUTCDate() !== day)) return undefined;
  const offset = zoneMinutes(parts.zone);
  return offset === undefined ? { ms: wall, zoned: false } : { ms: wall - offset * 60_000, zoned: true };
}

type Shape = (text: string, defaultYear: number) => LogTime | undefined;

// Each shape is anchored on the whole timestamp text a format captured (see formats/formats.ts).
const SHAPES: Shape[] = [
  // ISO 8601 / RFC 3339 and its log4j/Python variants: 2024-03-01T12:00:00.123Z, 2024-03-01 12:00:00,123 +0200,
  // and BGL's 2005-06-03-15.42.50.675872.
  (text) => {
    const m = /^(\d{4})-(\d\d)-(\d\d)[T _-](\d\d)[:.](\d\d)[:.](\d\d)(?:[.,](\d+))?\s?(Z|[+-]\d\d:?\d\d)?$/.exec(text);
    return m ? build({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, ms: fractionMs(m[7]), zone: m[8] }) : undefined;
  },
  // 2024/03/01 12:00:00 (nginx error log), 17/06/09 20:10:40 (yy/MM/dd, Spark).
  (text) => {
    const m = /^(\d{2}|\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)(?:[.,](\d+))?$/.exec(text);
    return m ? build({ year: fullYear(+m[1]!, m[1]!.length), month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, ms: fractionMs(m[7]) }) : undefined;
  },
  // 081109 203615 (yyMMdd HHmmss, Hadoop HDFS).
  (text) => {
    const m = /^(\d\d)(\d\d)(\d\d) (\d\d)(\d\d)(\d\d)$/.exec(text);
    return m ? build({ year: fullYear(+m[1]!, 2), month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! }) : undefined;
  },
  // 20171223-22:15:29:606 (yyyyMMdd-HH:mm:ss:SSS).
  (text) => {
    const m = /^(\d{4})(\d\d)(\d\d)-(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[:.](\d+))?$/.exec(text);
    return m ? build({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, ms: fractionMs(m[7]) }) : undefined;
  },
  // Sun Dec 04 04:47:44 2005 (Apache error log, ctime), optionally with fractions.
  (text) => {
    const m = /^\w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? (\d{4})$/.exec(text);
    const month = m ? monthOf(m[1]!) : undefined;
    return m && month ? build({ year: +m[7]!, month, day: +m[2]!, hour: +m[3]!, minute: +m[4]!, second: +m[5]!, ms: fractionMs(m[6]) }) : undefined;
  },
  // 10/Oct/2000:13:55:36 -0700 (Apache/nginx access log).
  (text) => {
    const m = /^(\d\d)\/(\w{3})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-]\d{4})$/.exec(text);
    const month = m ? monthOf(m[2]!) : undefined;
    return m && month ? build({ year: +m[3]!, month, day: +m[1]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, zone: m[7] }) : undefined;
  },
  // Jun 14 15:16:01 (syslog RFC 3164: no year), optionally with a year after it.
  (text, defaultYear) => {
    const m = /^(\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?: (\d{4}))?$/.exec(text);
    const month = m ? monthOf(m[1]!) : undefined;
    return m && month ? build({ year: m[7] ? +m[7] : defaultYear, month, day: +m[2]!, hour: +m[3]!, minute: +m[4]!, second: +m[5]!, ms: fractionMs(m[6]) }) : undefined;
  },
  // 03-17 16:13:38.811 (logcat), 10.30 16:49:06 (Proxifier): month and day, no year.
  (text, defaultYear) => {
    const m = /^(\d\d)[-.](\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(text);
    return m ? build({ year: defaultYear, month: +m[1]!, day: +m[2]!, hour: +m[3]!, minute: +m[4]!, second: +m[5]!, ms: fractionMs(m[6]) }) : undefined;
  },
  // Epoch seconds (10 digits, optional fraction) or milliseconds (13 digits): UTC by definition.
  (text) => {
    const m = /^(\d{10})(?:\.(\d+))?$|^(\d{13})$/.exec(text);
    if (!m) return undefined;
    return { ms: m[3] ? Number(m[3]) : Number(m[1]) * 1000 + fractionMs(m[2]), zoned: true };
  },
];

/** Parses a timestamp a log format captured; undefined when its shape is unknown or its fields are out of range. */
export function parseLogTime(text: string, defaultYear = new Date().getUTCFullYear()): LogTime | undefined {
  return new LogTimeParser(defaultYear).parse(text);
}

/**
 * parseLogTime for the lines of one log: the shape that matched last is tried first and a timestamp the same as
 * the previous line's is not parsed again (lines of a log share their shape, and many share their second).
 */
export class LogTimeParser {
  private lastShape = 0;
  private lastText: string | undefined;
  private lastTime: LogTime | undefined;

  constructor(private readonly defaultYear = new Date().getUTCFullYear()) {}

  parse(text: string): LogTime | undefined {
    if (text === this.lastText) return this.lastTime;
    const trimmed = text.trim();
    let time = SHAPES[this.lastShape]!(trimmed, this.defaultYear);
    for (let i = 0; !time && i < SHAPES.length; i++) {
      if (i === this.lastShape) continue;
      time = SHAPES[i]!(trimmed, this.defaultYear);
      if (time) this.lastShape = i;
    }
    this.lastText = text;
    this.lastTime = time;
    return time;
  }
}

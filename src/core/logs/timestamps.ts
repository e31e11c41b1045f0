// Timestamps of log lines, as milliseconds since the epoch.
// A timestamp with a zone (Z, ±hh:mm, ±hhmm) or an epoch number is normalised to UTC (`zoned: true`). One without a
// zone is kept as its wall-clock reading taken as if it were UTC ("local-naive", `zoned: false`): the machine that
// wrote it is unknown, and guessing a zone would shift every line by the same wrong amount anyway. Timestamps
// without a year (syslog RFC 3164, logcat, Proxifier) take one as ./yearlessDates.ts tells it.
import { YearlessDates } from './yearlessDates';

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
  // The milliseconds are the first three digits: a longer fraction is floored, never rounded up (as a number,
  // .999999999 would be 1000 ms and 23:59:59.999999999 the next day).
  return shortFractionMs(fraction, 0, Math.min(fraction.length, 3));
}

/** fractionMs of the 1–6 digits text[from, to), read in place. */
function shortFractionMs(text: string, from: number, to: number): number {
  let digits = 0;
  for (let i = from; i < to; i++) digits = digits * 10 + text.charCodeAt(i) - 48;
  return Math.floor(digits / POWERS_OF_TEN[to - from]! * 1000 + 1e-6);
}
const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/** Zone offset in minutes east of UTC, or undefined when there is none. */
function zoneMinutes(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  if (zone === 'Z' || zone === 'z' || zone === 'UTC' || zone === 'GMT') return 0;
  // A log writes one offset on every line: read once.
  if (zone === lastZone.text) return lastZone.minutes;
  const m = /^([+-])(\d\d):?(\d\d)?$/.exec(zone);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : undefined;
  lastZone = { text: zone, minutes };
  return minutes;
}
let lastZone: { text: string; minutes: number | undefined } = { text: '', minutes: undefined };

const MS_PER_DAY = 86_400_000;
/** Date.UTC's bound: a time further from the epoch is NaN. */
const timeClip = (ms: number) => (Math.abs(ms) > 8.64e15 ? NaN : ms);

/** The last day looked up: a log's lines share their day, and Date.UTC per line is a large part of parsing. */
let lastDay = { year: NaN, month: NaN, day: NaN, ms: NaN, valid: false };
/** Midnight of the day (Date.UTC's reading: years 0–99 are 1900–1999) and whether the day exists in its month. */
function dayStart(year: number, month: number, day: number): { ms: number; valid: boolean } {
  if (year !== lastDay.year || month !== lastDay.month || day !== lastDay.day) {
    const ms = Date.UTC(year, month - 1, day);
    lastDay = { year, month, day, ms, valid: !Number.isNaN(ms) && new Date(ms).getUTCDate() === day };
  }
  return lastDay;
}

function build(parts: {
  year: number; month: number; day: number; hour: number; minute: number; second: number; ms?: number; zone?: string;
}): LogTime | undefined {
  const { year, month, day, hour, minute, second } = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const start = dayStart(year, month, day);
  const wall = timeClip(start.ms + hour * 3_600_000 + minute * 60_000 + second * 1000 + (parts.ms ?? 0));
  // 30 February would roll over into March, 23:59:60.5 into the next day: refused instead.
  if (Number.isNaN(wall) || (hour < 24 && (!start.valid || wall - start.ms >= MS_PER_DAY))) return undefined;
  const offset = zoneMinutes(parts.zone);
  return offset === undefined ? { ms: wall, zoned: false } : { ms: wall - offset * 60_000, zoned: true };
}

type Shape = (text: string, years: YearlessDates) => LogTime | undefined;

const ISO = /^(\d{4})-(\d\d)-(\d\d)[T _-](\d\d)[:.](\d\d)[:.](\d\d)(?:[.,](\d+))?\s?(Z|UTC|GMT|[+-]\d\d:?\d\d)?$/;
const NOT_SIMPLE = null;

/** Digits from..to of `text` as a number, or -1 when one is not an ASCII digit. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The ISO shape as ISO reads it, read by hand for the common spellings (2024-03-01T12:00:00.123Z, with a space, a
 * comma or an offset): every line of most logs comes here, and the regular expression's match array costs more
 * than the parse. NOT_SIMPLE sends anything else (a tab before the zone, a malformed text) to ISO itself.
 */
export function isoTime(text: string): LogTime | undefined | typeof NOT_SIMPLE {
  if (text.length < 19) return NOT_SIMPLE;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  const c10 = text.charCodeAt(10);
  const c13 = text.charCodeAt(13);
  const c16 = text.charCodeAt(16);
  if ((year | month | day | hour | minute | second) < 0 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NOT_SIMPLE;
  if (!(c10 === 84 || c10 === 32 || c10 === 95 || c10 === 45) || !(c13 === 58 || c13 === 46) || !(c16 === 58 || c16 === 46)) return NOT_SIMPLE;
  let at = 19;
  let ms = 0;
  const dot = text.charCodeAt(at);
  if (dot === 46 || dot === 44) {
    let end = at + 1;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end === at + 1) return NOT_SIMPLE;
    // fractionMs(the digits), without cutting them out.
    ms = shortFractionMs(text, at + 1, Math.min(end, at + 4));
    at = end;
  }
  if (text.charCodeAt(at) === 32) at++;
  let zone: string | undefined;
  if (at === text.length) {
    if (text.charCodeAt(at - 1) === 32) return NOT_SIMPLE;
  } else if (text.charCodeAt(at) === 90 && at + 1 === text.length) zone = 'Z';
  else {
    const sign = text.charCodeAt(at);
    const colon = text.charCodeAt(at + 3) === 58 ? 1 : 0;
    if ((sign !== 43 && sign !== 45) || at + 5 + colon !== text.length || digitsAt(text, at + 1, at + 3) < 0 || digitsAt(text, at + 3 + colon, at + 5 + colon) < 0) return NOT_SIMPLE;
    zone = text.slice(at);
  }
  return build({ year, month, day, hour, minute, second, ms, zone });
}

// Each shape is anchored on the whole timestamp text a format captured (see formats/formats.ts).
const SHAPES: Shape[] = [
  // ISO 8601 / RFC 3339 and its log4j/Python variants: 2024-03-01T12:00:00.123Z, 2024-03-01 12:00:00,123 +0200,
  // and BGL's 2005-06-03-15.42.50.675872.
  (text) => {
    const fast = isoTime(text);
    if (fast !== NOT_SIMPLE) return fast;
    const m = ISO.exec(text);
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
  (text, years) => {
    const m = /^(\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?: (\d{4}))?$/.exec(text);
    const month = m ? monthOf(m[1]!) : undefined;
    return m && month ? build({ year: m[7] ? +m[7] : years.yearOf(month, +m[2]!), month, day: +m[2]!, hour: +m[3]!, minute: +m[4]!, second: +m[5]!, ms: fractionMs(m[6]) }) : undefined;
  },
  // 03-17 16:13:38.811 (logcat), 10.30 16:49:06 (Proxifier): month and day, no year.
  (text, years) => {
    const m = /^(\d\d)[-.](\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(text);
    const month = m ? +m[1]! : 0;
    return m && month >= 1 && month <= 12 ? build({ year: years.yearOf(month, +m[2]!), month, day: +m[2]!, hour: +m[3]!, minute: +m[4]!, second: +m[5]!, ms: fractionMs(m[6]) }) : undefined;
  },
  // Epoch seconds (10 digits, optional fraction), milliseconds (13, optional fraction: zap's), microseconds (16) or
  // nanoseconds (19): UTC by definition. The milliseconds are the first 13 digits, cut rather than divided: nothing
  // is rounded (up), and nanoseconds past a double's exact integers lose nothing.
  (text) => {
    const m = /^(\d{10})(?:\.(\d+))?$|^(\d{13})(?:\d{3}|\d{6}|\.\d+)?$/.exec(text);
    if (!m) return undefined;
    return { ms: m[3] ? Number(m[3]) : Number(m[1]) * 1000 + fractionMs(m[2]), zoned: true };
  },
];

/** Parses a timestamp a log format captured; undefined when its shape is unknown or its fields are out of range. */
export function parseLogTime(text: string, defaultYear?: number, now = Date.now()): LogTime | undefined {
  return new LogTimeParser(defaultYear, now).parse(text);
}

/** a === b, compared from the end: two lines' timestamps most often differ in their last digits only, where ===
 * would compare all the digits before them first. */
function sameText(a: string, b: string | undefined): boolean {
  if (b === undefined || a.length !== b.length) return false;
  for (let i = a.length - 1; i >= 0; i--) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/**
 * parseLogTime for the lines of one log: the shape that matched last is tried first and a timestamp the same as
 * the previous line's is not parsed again (lines of a log share their shape, and many share their second).
 */
export class LogTimeParser {
  private lastShape = 0;
  private lastText: string | undefined;
  private lastTime: LogTime | undefined;

  private readonly years: YearlessDates;

  /** `defaultYear`, `now`: see YearlessDates. */
  constructor(defaultYear?: number, now = Date.now()) {
    this.years = new YearlessDates(defaultYear, now);
  }

  parse(text: string): LogTime | undefined {
    if (sameText(text, this.lastText)) return this.lastTime;
    // (Most timestamps have nothing to trim: no call for them.)
    const trimmed = text.length > 0 && text.charCodeAt(0) > 32 && text.charCodeAt(0) < 127 && text.charCodeAt(text.length - 1) > 32 && text.charCodeAt(text.length - 1) < 127 ? text : text.trim();
    let time = SHAPES[this.lastShape]!(trimmed, this.years);
    for (let i = 0; !time && i < SHAPES.length; i++) {
      if (i === this.lastShape) continue;
      time = SHAPES[i]!(trimmed, this.years);
      if (time) this.lastShape = i;
    }
    this.lastText = text;
    this.lastTime = time;
    return time;
  }
}

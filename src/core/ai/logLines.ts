// What makes a log line worth sending without being asked: its level (fatal, error or exception, warning) and its
// time. And the log's text cut into lines as VS Code numbers them (\r\n, \r or \n end a line; 1-based), with
// each line's UTF-16 offset in the text PII spans count in — so an excerpt can be redacted by the log's spans and
// cited as log:<id>#L<n>.

export const SEVERITY = { warning: 1, error: 2, fatal: 3 } as const;
export type LineSeverity = 0 | 1 | 2 | 3;

const FATAL = /\b(?:FATAL|CRITICAL|CRIT|PANIC|EMERG(?:ENCY)?|ALERT)\b|\bpanic:/i;
const ERROR = /\b(?:ERROR|ERR|SEVERE|FAILED|FAILURE)\b|[A-Za-z](?:Exception|Error)\b|Traceback \(most recent call last\)|^\s+at [\w$.<>]+\(|^Caused by:/;
const ERROR_WORD = /\berror\b/i;
const WARNING = /\bWARN(?:ING)?\b/i;
/** One test that rules most lines out before the three above are tried. */
const ANY = /fatal|crit|panic|emerg|alert|err|severe|fail|exception|traceback|^\s+at |caused by|warn/i;

/** 3 fatal, 2 error (or an exception, a stack frame), 1 warning, 0 anything else. */
export function lineSeverity(line: string): LineSeverity {
  if (!ANY.test(line)) return 0;
  if (FATAL.test(line)) return 3;
  if (ERROR.test(line) || ERROR_WORD.test(line)) return 2;
  if (WARNING.test(line)) return 1;
  return 0;
}

// 2026-11-28T12:00:00Z, 2026-11-28 12:00:00,123, 2026-11-28T12:00:00.123+01:00 — within the line's first 80 code units.
const TIMESTAMP = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s?(Z|[+-]\d{2}:?\d{2})?/;

/** The line's ISO-like timestamp in ms since the epoch (UTC when it names no zone), or null. */
export function lineTime(line: string): number | null {
  const match = TIMESTAMP.exec(line.length > 80 ? line.slice(0, 80) : line);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(time) ? time : null;
}

/** Lines longer than this keep only their first code units (`cut`); their offsets stay exact. */
export const MAX_KEPT_LINE = 4096;

export interface TextLine {
  /** 1-based, as in log:<id>#L<n> and VS Code. */
  number: number;
  /** UTF-16 offset of the line's first code unit in the log's text. */
  start: number;
  /** The line without its terminator (its first MAX_KEPT_LINE code units when `cut`). */
  text: string;
  cut: boolean;
}

/**
 * Cuts text arriving in pieces into lines: push() each piece in order (a \r\n split between two pieces counts
 * once), then end(). Each line goes to `onLine`; returning false stops the split (later pushes do nothing).
 */
export class LineSplitter {
  private carry = '';
  private carryCut = false;
  private lineStart = 0;
  private consumed = 0;
  private next = 1;
  private stopped = false;
  /** The last piece ended with \r: a \n starting the next piece belongs to that terminator. */
  private afterCR = false;

  constructor(private readonly onLine: (line: TextLine) => boolean | void, private readonly keep = MAX_KEPT_LINE) {}

  get done(): boolean {
    return this.stopped;
  }

  push(piece: string): void {
    if (this.stopped || !piece) return;
    let from = 0;
    let i = 0;
    if (this.afterCR) {
      this.afterCR = false;
      if (piece.charCodeAt(0) === 10) {
        i = from = 1;
        this.lineStart += 1;
      }
    }
    // Most logs end lines with \n alone: then indexOf finds each end far faster than a loop over every code unit.
    const onlyLF = piece.indexOf('\r', i) < 0;
    for (; i < piece.length; i++) {
      if (onlyLF) {
        i = piece.indexOf('\n', i);
        if (i < 0) break;
      }
      const code = piece.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      this.append(piece, from, i);
      if (this.emit() === false) return;
      if (code === 13) {
        if (i + 1 === piece.length) this.afterCR = true;
        else if (piece.charCodeAt(i + 1) === 10) i++;
      }
      from = i + 1;
      this.lineStart = this.consumed + from;
    }
    if (this.stopped) return;
    this.append(piece, from, piece.length);
    this.consumed += piece.length;
  }

  /** The last line (text after the last terminator), when there is one. */
  end(): void {
    if (this.stopped) return;
    if (this.carry || this.carryCut) this.emit();
    this.stopped = true;
  }

  private append(piece: string, from: number, to: number): void {
    if (to <= from) return;
    const room = this.keep - this.carry.length;
    if (room >= to - from) this.carry += piece.slice(from, to);
    else {
      if (room > 0) this.carry += piece.slice(from, from + room).replace(/[\uD800-\uDBFF]$/, '');
      this.carryCut = true;
    }
  }

  private emit(): boolean {
    const keepGoing = this.onLine({ number: this.next++, start: this.lineStart, text: this.carry, cut: this.carryCut });
    this.carry = '';
    this.carryCut = false;
    if (keepGoing === false) this.stopped = true;
    return keepGoing !== false;
  }
}

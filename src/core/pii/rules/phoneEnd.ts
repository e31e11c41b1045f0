// Where a phone number ends. A letter glued after its last digit (an extension's "x", a unit) does not cut it short:
// a number found without its last group leaks that group. A digit or '_' after it, or .5 or -5, means it is part of
// something longer. A time or a date written after it (12:30, 12.30, 12/07/2026) is not part of it.
import { isDigit, isLetter } from './rule';

/** Whether a decimal or a dashed part follows `end` (.5, -5): the digits before it are a number's, a date's or a version's. */
export function decimalOrDashedAfter(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  return (c === 46 || c === 45) && isDigit(text.charCodeAt(end + 1));
}

// Letters that go on as a hex id: its digits before them are part of it (… 65793 113d3a99c3da…).
const HEX_GOES_ON = /[a-f]+\d/iy;

/** Whether the letter at `end` makes the digits before it part of something else: a hex id, a hex literal (0x820), ISO 8601's T19:45. */
function letterJoins(text: string, end: number): boolean {
  const c = text.charCodeAt(end) | 32;
  if (c === 120 /* x */) return text.charCodeAt(end - 1) === 48 && !isDigit(text.charCodeAt(end - 2)); // 0x…
  if (c === 116 /* t */) return isDigit(text.charCodeAt(end + 1));
  HEX_GOES_ON.lastIndex = end;
  return HEX_GOES_ON.test(text);
}

/** Whether what follows `end` is no letter, or a letter that does not make the number part of an id or a date. */
export function letterMayFollow(text: string, end: number): boolean {
  return !isLetter(text.charCodeAt(end)) || !letterJoins(text, end);
}

/**
 * Whether a number may end at `end`: not glued to a digit or '_', nor followed by a decimal or a dashed part, nor by
 * letters that make it part of an id or a date.
 */
export function numberMayEndAt(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if (isDigit(c) || c === 95 || decimalOrDashedAfter(text, end)) return false;
  return letterMayFollow(text, end);
}

// After a space: 1–2 digits, then ':' '.' or '/' and a digit — an hour or a day, not a phone number's group.
const TIME_OR_DATE = / \d{1,2}[.:/]\d/y;

/**
 * Where the number written in text[start, end) stops before a time or a date that follows it, once it holds
 * `minDigits` digits (before that, `+33 1.23.45.67.89` is a number's own groups); `end` when none follows.
 */
export function beforeTimeOrDate(text: string, start: number, end: number, minDigits: number): number {
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (c === 32 && digits >= minDigits) {
      TIME_OR_DATE.lastIndex = i;
      if (TIME_OR_DATE.test(text)) return i;
    }
  }
  return end;
}

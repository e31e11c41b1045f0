// Numbers that identify people and are found by their digits: payment cards, international phone numbers, and
// SSNs after a key word. (Dashed and dotted forms are found by the dashed and dotted passes.)
import type { Emit, Rule } from './rule';
import { beforeTimeOrDate, decimalOrDashedAfter, letterMayFollow, numberMayEndAt } from './phoneEnd';
import { eachMatch, isDigit, isLetter } from './rule';
import { cardGrouping, cardNetwork, luhnValid, ssnValid } from './validators';

// ---- Payment cards -----------------------------------------------------------------------------------------

// Groupings as printed: 4-4-4-4 (a short last group for 13 and 19 digits), 4-6-5 (Amex), 4-6-4 (Diners), not glued
// to a word, a dotted run or an id (group 1 is the number). The character before is matched, not looked behind at:
// V8 then tries the digits only after a space or punctuation, twice as fast on logs full of timestamps. The matches
// are the same: a number ends on a digit, so the character before the next one is never part of the previous match.
// A letter right after a grouped number does not cut it short (its last group would leak); after 16 plain digits it
// makes them part of an id (a hash), checked in the scan.
const CARD = /(?:^|[^\w.+/-])([2-6]\d{3}(?:\d{9,15}|([ -])(?:\d{4}\2\d{4}\2\d{1,4}(?:\2\d{1,3})?|\d{6}\2\d{4,5})))(?![\d_]|[.-]\d)/g;

/**
 * The longest leading run of `groups` (joined by `separator`) that `accept` takes, as a length in characters; a
 * number followed by more numbers (a card, then a count) is found without the numbers after it.
 */
export function longestAcceptedPrefix(groups: string[], separator: string, minGroups: number, accept: (digits: string, groups: string[]) => boolean): number {
  for (let n = groups.length; n >= minGroups; n--) {
    const head = groups.slice(0, n);
    if (accept(head.join(''), head)) return head.join(separator).length;
  }
  return 0;
}

export const creditCardRule: Rule = {
  types: ['CreditCard'],
  scan(text, emit) {
    eachMatch(CARD, text, (m) => {
      const number = m[1] as string;
      const start = m.index + m[0].length - number.length;
      const separator = m[2] ?? '';
      if (!separator) {
        if (!isLetter(text.charCodeAt(start + number.length)) && cardNetwork(number) && luhnValid(number)) emit('CreditCard', start, start + number.length);
        return;
      }
      const groups = number.split(separator);
      const length = longestAcceptedPrefix(groups, separator, 1, (digits, head) => cardGrouping(head) && digits.length >= 13 && digits.length <= 19 && cardNetwork(digits) !== null && luhnValid(digits));
      if (length) emit('CreditCard', start, start + length);
    });
  },
};

// ---- SSNs after a key word -----------------------------------------------------------------------------------

// The cue, in the spellings people write (SSN, SSN#, social security no., soc. sec. number, tax id, taxpayer
// identification number), then a little glue (quotes, : = #, "is", a JSON "id" field: "typeId":"USA-SSN","id":"…"),
// then 9 digits, plain, dashed or spaced. Glue and digits cannot overlap, so the match is linear.
const SSN_KEYWORD =
  /(?:ssn|social[ _-]?security|soc\.?[ _-]?sec\.?|tax(?:payer)?[ _-]?id(?:entification)?)(?:[ _-]?(?:number|num|nbr|no|#))?\.?(?:[ \t"'`:=#,>([-]|is\b|was\b|id\b|value\b){0,12}(\d{3})([ -]?)(\d{2})\2(\d{4})(?![\d_-])/iy;

/** A keyed SSN (ssn: 123 45 6789, "social_security_number":"123456789") whose key word starts at `at`. */
export function keyedSsnAt(text: string, at: number, emit: Emit): void {
  if (at > 0 && isLetter(text.charCodeAt(at - 1))) return;
  SSN_KEYWORD.lastIndex = at;
  const m = SSN_KEYWORD.exec(text);
  const end = at + (m?.[0].length ?? 0);
  // A letter glued after it ends it (ssn: 123456789x), unless it makes it part of an id or a date (phoneEnd.ts).
  if (!m || !letterMayFollow(text, end) || !ssnValid(m[1] as string, m[3] as string, m[4] as string)) return;
  const value = `${m[1]}${m[2]}${m[3]}${m[2]}${m[4]}`;
  emit('SSN', end - value.length, end);
}

// ---- International phone numbers ---------------------------------------------------------------------------

// +country code, then groups (a bracketed area code allowed), 8–15 digits in all (E.164). Read at each '+' found by
// indexOf (sticky): a regex run over the whole text pays for its look-behind at every position, ten times the cost.
// Where it ends is decided by hand (intlLength): a look-ahead here would give back the last group when a letter
// follows it (+44 20 7946 0958x), and that group would leak. In a URL query or a form body the groups are joined by
// %20 (tel=%2B44%2020%207946%200958: the detector's view decodes the + only, a decoded space would end other values).
/** The number (sticky) and its last group, for the characters that may join its groups. */
function intlShape(joiners: string): { number: RegExp; lastGroup: RegExp } {
  const group = String.raw`(?:[${joiners}]|%20)?(?:\(\d{1,4}\)|\d{1,5})`;
  return { number: new RegExp(String.raw`(?<![\w+])\+\d{1,3}(?:${group}){1,6}`, 'y'), lastGroup: new RegExp(`${group}$`) };
}
const PHONE_INTL = intlShape(' .-');
// A form body's field (phone=%2B44+20+7946+0958) encodes its spaces as +: after = the groups may be joined by + too.
const PHONE_INTL_FIELD = intlShape(' .+-');
/** A signed decimal (+12345678.9): a long run of digits, one dot, 1–2 digits — not +1.4155550132 (WHOIS's format). */
const DECIMAL = /^\+\d{4,}\.\d{1,2}$/;
/** The number's digits: %20 is a separator, its 2 and 0 are not digits of the number. */
const digitCount = (value: string) => value.replace(/%20/g, ' ').replace(/\D/g, '').length;

/**
 * The number's length, or 0: as written up to the time or date after it, if any, and where it may end (not glued
 * to more digits); past E.164's 15 digits, without its last groups (a count after it is not part of it) — but not
 * cut just before a decimal or a dashed part (2026-12-07 after a number is a date, not its last group).
 */
/**
 * Whether a number cut short of its last groups may end at `end`: not before a decimal or a dashed part, and inside a
 * run of digits only when the number has no separators (+4412345678901234567 is cut at 15 digits; in
 * +1 (310) 555-0110 30546174 the last digits are an id's, not the number's).
 */
const cutMayEndAt = (text: string, end: number, value: string) => !decimalOrDashedAfter(text, end) && (!isDigit(text.charCodeAt(end)) || /^\+\d+$/.test(value));

function intlLength(text: string, plus: number, match: string, lastGroup: RegExp): number {
  let value = text.slice(plus, beforeTimeOrDate(text, plus, plus + match.length, 8));
  if (isDigit(text.charCodeAt(plus + value.length))) return 0; // a longer run of digits than a number has
  if (DECIMAL.test(value)) return 0;
  let whole = true;
  for (;;) {
    const digits = digitCount(value);
    if (digits < 8) return 0;
    const end = plus + value.length;
    if (digits <= 15 && (whole ? numberMayEndAt(text, end) : cutMayEndAt(text, end, value))) return value.length;
    const cut = value.search(lastGroup);
    if (cut <= 0) return 0;
    value = value.slice(0, cut);
    whole = false;
  }
}

export const internationalPhoneRule: Rule = {
  types: ['Phone'],
  scan(text, emit) {
    // Every match starts with '+': trying each '+' after the previous match finds the same matches as a global scan.
    for (let plus = text.indexOf('+'); plus !== -1; plus = text.indexOf('+', plus + 1)) {
      const shape = text.charCodeAt(plus - 1) === 61 /* = */ ? PHONE_INTL_FIELD : PHONE_INTL;
      shape.number.lastIndex = plus;
      const m = shape.number.exec(text);
      if (!m) continue;
      const length = intlLength(text, plus, m[0], shape.lastGroup);
      if (length) emit('Phone', plus, plus + length);
      plus += m[0].length - 1; // the next '+' is looked for after the match
    }
  },
};

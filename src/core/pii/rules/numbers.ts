// Numbers that identify people and are found by their digits: payment cards, international phone numbers, and
// SSNs after a key word. (Dashed and dotted forms are found by the dashed and dotted passes.)
import type { Emit, Rule } from './rule';
import { eachMatch, isLetter } from './rule';
import { cardGrouping, cardNetwork, luhnValid, ssnValid } from './validators';

// ---- Payment cards -----------------------------------------------------------------------------------------

// Groupings as printed: 4-4-4-4 (a short last group for 13 and 19 digits), 4-6-5 (Amex), 4-6-4 (Diners). The
// look-behind sits after the first four digits: V8 then only tries it where four digits start.
const CARD = /[2-6]\d{3}(?<![\w.+/-]....)(?:\d{9,15}|([ -])(?:\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?|\d{6}\1\d{4,5}))(?![\w]|[.-]\d)/g;

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
      const separator = m[1] ?? '';
      if (!separator) {
        if (cardNetwork(m[0]) && luhnValid(m[0])) emit('CreditCard', m.index, m.index + m[0].length);
        return;
      }
      const groups = m[0].split(separator);
      const length = longestAcceptedPrefix(groups, separator, 1, (digits, head) => cardGrouping(head) && digits.length >= 13 && digits.length <= 19 && cardNetwork(digits) !== null && luhnValid(digits));
      if (length) emit('CreditCard', m.index, m.index + length);
    });
  },
};

// ---- SSNs after a key word -----------------------------------------------------------------------------------

// The cue, in the spellings people write (SSN, SSN#, social security no., soc. sec. number, tax id, taxpayer
// identification number), then a little glue (quotes, : = #, "is", a JSON "id" field: "typeId":"USA-SSN","id":"…"),
// then 9 digits, plain, dashed or spaced. Glue and digits cannot overlap, so the match is linear.
const SSN_KEYWORD =
  /(?:ssn|social[ _-]?security|soc\.?[ _-]?sec\.?|tax(?:payer)?[ _-]?id(?:entification)?)(?:[ _-]?(?:number|num|nbr|no|#))?\.?(?:[ \t"'`:=#,>([-]|is\b|was\b|id\b|value\b){0,12}(\d{3})([ -]?)(\d{2})\2(\d{4})(?![\w-])/iy;

/** A keyed SSN (ssn: 123 45 6789, "social_security_number":"123456789") whose key word starts at `at`. */
export function keyedSsnAt(text: string, at: number, emit: Emit): void {
  if (at > 0 && isLetter(text.charCodeAt(at - 1))) return;
  SSN_KEYWORD.lastIndex = at;
  const m = SSN_KEYWORD.exec(text);
  if (!m || !ssnValid(m[1] as string, m[3] as string, m[4] as string)) return;
  const value = `${m[1]}${m[2]}${m[3]}${m[2]}${m[4]}`;
  const end = at + m[0].length;
  emit('SSN', end - value.length, end);
}

// ---- International phone numbers ---------------------------------------------------------------------------

// +country code, then groups (a bracketed area code allowed), 8–15 digits in all (E.164).
const PHONE_INTL = /(?<![\w+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}(?![\w]|[.-]\d)/g;

export const internationalPhoneRule: Rule = {
  types: ['Phone'],
  scan(text, emit) {
    eachMatch(PHONE_INTL, text, (m) => {
      // Drop trailing groups beyond E.164's 15 digits (a count or a time that follows the number).
      let value = m[0];
      while (value.replace(/\D/g, '').length > 15) {
        const cut = value.search(/[ .-]?(?:\(\d{1,4}\)|\d{1,5})$/);
        if (cut <= 0) return;
        value = value.slice(0, cut);
      }
      if (value.replace(/\D/g, '').length < 8) return;
      emit('Phone', m.index, m.index + value.length);
    });
  },
};

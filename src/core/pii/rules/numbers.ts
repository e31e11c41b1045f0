// Numbers that identify people: payment cards (Luhn and issuer prefixes), US SSNs, phone numbers.
import type { Rule } from './rule';
import { scanDashed } from './network';
import { eachMatch } from './rule';

// ---- Payment cards -----------------------------------------------------------------------------------------

/** The Luhn checksum over the digits of `s` (separators ignored). */
export function luhnValid(s: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) continue;
    let d = c;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes (IIN ranges) and lengths of the major card networks. */
export function cardNetwork(digits: string): string | null {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) && n >= 14 && n <= 19) return 'diners';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19) return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && n >= 12 && n <= 19) return 'maestro';
  return null;
}

// 13–19 digits, plain or in groups split by one kind of separator (4-4-4-4, 4-6-5, 4-6-4, …). Not part of a longer
// number, a dotted run or an id like blk_-123….
// Every network's numbers start with 2–6: other leading digits (epoch milliseconds, ids) are rejected by the regex.
const CARD = /(?<![\w.+/-])(?:[2-6]\d{12,18}|[2-6]\d{3}([ -])\d{2,6}(?:\1\d{1,6}){1,4})(?![\w]|[.-]\d)/g;

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

/** How cards are printed: 4-4-4-4 (a short last group for 13 and 19 digits), 4-6-5 (Amex), 4-6-4 (Diners). */
function cardGrouping(groups: string[]): boolean {
  const sizes = groups.map((g) => g.length).join('-');
  return /^4(?:-4){2,3}(?:-[1-4])?$/.test(sizes) || sizes === '4-6-5' || sizes === '4-6-4';
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

// ---- US Social Security numbers ----------------------------------------------------------------------------

/** The SSA's structural rules: no area 000, 666 or 9xx, no group 00, no serial 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

// Undashed or spaced forms only after a word that says what they are.
const SSN_KEYWORD = /(?:\bssn|social[ _-]?security(?:[ _-]?(?:number|no|num))?|taxpayer[ _-]?id(?:entification)?(?:[ _-]?number)?|\btin)["']?\s*(?:[:=#]|\bis\b)?\s*["']?\s*(\d{3})([ -]?)(\d{2})\2(\d{4})(?![\w-])/gi;

/** NNN-NN-NNNN anywhere (structurally valid), and dash-separated MACs found in the same pass. */
export const dashedRule: Rule = {
  types: ['SSN', 'MAC'],
  scan(text, emit) {
    scanDashed(text, emit, (start, end) => {
      if (ssnValid(text.slice(start, start + 3), text.slice(start + 4, start + 6), text.slice(start + 7, end))) emit('SSN', start, end);
    });
  },
};

export const ssnKeywordRule: Rule = {
  types: ['SSN'],
  scan(text, emit) {
    eachMatch(SSN_KEYWORD, text, (m) => {
      if (!ssnValid(m[1] as string, m[3] as string, m[4] as string)) return;
      const value = `${m[1]}${m[2]}${m[3]}${m[2]}${m[4]}`;
      const end = m.index + m[0].length;
      emit('SSN', end - value.length, end);
    });
  },
};

// ---- Phone numbers -----------------------------------------------------------------------------------------

// International: +country code, then groups (a bracketed area code allowed), 8–15 digits in all (E.164).
const PHONE_INTL = /(?<![\w+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}(?![\w]|[.-]\d)/g;
// North American: (NNN) NNN-NNNN, NNN-NNN-NNNN, NNN.NNN.NNNN (area and exchange start with 2–9).
const PHONE_NANP = /(?<![\w.+/-])(?:\(([2-9]\d\d)\) ?|([2-9]\d\d)([-.]))([2-9]\d\d)[-.](\d{4})(?![\w-]|\.\d)/g;

export const phoneRule: Rule = {
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
      const digits = value.replace(/\D/g, '').length;
      if (digits < 8) return;
      emit('Phone', m.index, m.index + value.length);
    });
    eachMatch(PHONE_NANP, text, (m) => {
      // NNN-NNN-NNNN and NNN.NNN.NNNN use one separator throughout.
      if (m[3] && text[m.index + 7] !== m[3]) return;
      emit('Phone', m.index, m.index + m[0].length);
    });
  },
};

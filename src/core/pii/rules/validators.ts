// Validators: whether a candidate really is what its shape suggests (checksums, ranges, grammars).
import { isHex } from './rule';

/** An IPv4 octet: 0–255 without a leading zero (059 is not how addresses are written). */
export const validOctet = (s: string) => s.length === 1 || (s[0] !== '0' && Number(s) <= 255);

/** Whether `s` is a valid IPv6 address (full, compressed or with a trailing IPv4). */
export function isIpv6(s: string): boolean {
  let head = s;
  let groupsForTail = 0;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const octets = tail.split('.');
    if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && validOctet(o))) return false;
    head = s.slice(0, lastColon + 1) + '0'; // a stand-in group for the IPv4's first half
    groupsForTail = 1; // and its second half
  }
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = [...groups(halves[0] as string), ...(halves.length === 2 ? groups(halves[1] as string) : [])];
  if (!all.every((g) => g.length >= 1 && g.length <= 4 && [...g].every((ch) => isHex(ch.charCodeAt(0))))) return false;
  const count = all.length + groupsForTail;
  return halves.length === 2 ? count <= 7 : count === 8;
}

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
/** How cards are printed: 4-4-4-4 (a short last group for 13 and 19 digits), 4-6-5 (Amex), 4-6-4 (Diners). */
export function cardGrouping(groups: string[]): boolean {
  const sizes = groups.map((g) => g.length).join('-');
  return /^4(?:-4){2,3}(?:-[1-4])?$/.test(sizes) || sizes === '4-6-5' || sizes === '4-6-4';
}

/** The SSA's structural rules: no area 000, 666 or 9xx, no group 00, no serial 0000. */
export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

// Undashed or spaced forms only after a word that says what they are.

// Phone numbers written without a country code: national formats with their trunk 0 or bracketed area code, any
// number after a word that says it is one (phone, tel, mobile, caller_id_number, SMS to…; read in the key-word pass),
// and the all-digit user of a SIP address or dial string (PJSIP/0639982689@trunk, [0033639984148@from-internal:1]).
// Quoted spaced SSNs ride along in the same pass (see NATIONAL).
import type { Emit, Rule } from './rule';
import { isDigit, isLetter, isWord } from './rule';
import { longestAcceptedPrefix } from './numbers';
import { beforeTimeOrDate, numberMayEndAt } from './phoneEnd';
import { ssnValid } from './validators';

// Formats that are phone numbers by their grouping alone: (02) 5550 1993 / (21) 98970-1520 (area code in brackets),
// 06 39 98 02 98 / 06.39.98.02.98 (five pairs), 090-7840-8932 / 03-9786-0693 (trunk 0, dashed), 0491 570 518
// (mobile 04xx), 098765 43210 (trunk 0, 5 + 5). Not right after another number (081111 000037 17163 is a date, a
// time and a thread id): the boundary before is checked by hand on the regex's few matches, cheaper than a
// look-behind tried at every position. A quoted value that is exactly NNN NN NNNN (a bound SQL parameter, a CSV
// field) rides along: spaced like an SSN and nothing else, it is one (one pass is cheaper than two).
const NATIONAL =
  /(?:\(0?\d{1,3}\) ?\d{4,5}[ -]\d{4}|0(?:\d([ .-])\d{2}\1\d{2}\1\d{2}\1\d{2}|\d{1,3}-\d{3,4}-\d{4}|4\d{2} \d{3} \d{3}|\d{5} \d{5}))(?![\d_]|[.-]\d)|['"]\d{3} \d{2} \d{4}['"]/g;
/** Not glued to a word, a number or a dotted run (and not right after another number and a space). */
function freeBefore(text: string, start: number): boolean {
  const c = text.charCodeAt(start - 1);
  if (isWord(c) || c === 46 || c === 43 || c === 47 || c === 45) return false;
  return !((c === 32 || c === 58) && isDigit(text.charCodeAt(start - 2)));
}

/** Words that say a number is a phone number (matched in the key-word pass, secrets.ts): key names (phone,
 * mobileNumber, caller_id_number, src_user in SIP accounting) and prose (SMS to, tel:), in the languages logs come in.
 * A word that starts with a shorter one comes first (telefon before tel, cellulare before cell): the first that
 * matches wins, and a short word glued to more letters is no cue. */
export const PHONE_WORDS =
  'phone|mobil|móvil|movil|msisdn|cellulare|celular|cell|telefoon|teléfono|telefon|телефон|tel|fax|sms to|whatsapp|caller_?id|destination_?number|src_user|dst_user|from_user|to_user|電話|전화|điện thoại|puhelin|téléphone';
/** "Number" glued to a short phone word in a key's name (faxNumber, telNr, TELNUM). */
const NUMBER_SUFFIX = /^(?:number|nummer|numero|num|nr|no)(?![a-z])/i;
const SHORT_WORDS = new Set(['cell', 'tel', 'fax', 'src_user', 'dst_user', 'from_user', 'to_user', 'sms to', 'whatsapp']);
const AFTER_CUE = /[\w.-]{0,30}["'\]]?[ \t]{0,3}(?:[:=]|=>)?[ \t]{0,3}["']?(\+?(?:\(\d{1,4}\)|\d{1,5})(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){0,6})/y;

/** The number after a phone word at `at` (tel: 06 39 98 64 14, "mobileNumber":"0491570518", dst_user=0707…), if any. */
export function phoneAfterWord(text: string, at: number, word: string, emit: Emit): void {
  // Short words stand alone (hotel, intel and cellular are not cues) or have "number" glued to them (faxNumber, telNr).
  if (SHORT_WORDS.has(word.toLowerCase()) && (isLetter(text.charCodeAt(at - 1)) || (isLetter(text.charCodeAt(at + word.length)) && !NUMBER_SUFFIX.test(text.slice(at + word.length, at + word.length + 8))))) return;
  const from = at + word.length;
  if (phoneAfterCue(text, from, emit)) return;
  // A URL or a form body encodes the number's spaces and brackets (phone=%28415%29%20555-0134, mobile=0491+570+518):
  // read as a person reads them. Here only: decoded for every rule, a space would end other values early.
  const window = text.slice(from, from + ENCODED_WINDOW);
  if (!ENCODED_JOINER.test(window)) return;
  const decoded = decodeJoiners(window);
  phoneAfterCue(decoded.text, 0, (type, start, end) => emit(type, from + (decoded.offsets[start] as number), from + (decoded.offsets[end] as number)));
}

/** Emits the number AFTER_CUE reads at `from`, if it is one; whether it did. */
function phoneAfterCue(text: string, from: number, emit: Emit): boolean {
  AFTER_CUE.lastIndex = from;
  const after = AFTER_CUE.exec(text);
  const value = after?.[1];
  if (!after || !value) return false;
  const start = AFTER_CUE.lastIndex - value.length;
  const length = phoneLength(text, start, value);
  if (length) emit('Phone', start, start + length);
  return length > 0;
}

/** Enough text after a cue for its separator and a number of seven groups, each encoded, and what follows it. */
const ENCODED_WINDOW = 160;
/** %20, %28, %29 (a space and brackets, percent-encoded) and a form body's + for a space between two digits. */
const ENCODED_JOINER = /%2[089]|(?<=\d)\+(?=\d)/i;
const ENCODED_JOINERS = new RegExp(ENCODED_JOINER.source, 'gi');

/** The text with its encoded joiners decoded; offsets[k]: where decoded code unit k starts in it (and its length at the end). */
function decodeJoiners(text: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let decoded = '';
  let last = 0;
  for (const m of text.matchAll(ENCODED_JOINERS)) {
    for (let i = last; i < m.index; i++) offsets.push(i);
    offsets.push(m.index);
    const code = m[0][2];
    decoded += text.slice(last, m.index) + (code === '8' ? '(' : code === '9' ? ')' : ' ');
    last = m.index + m[0].length;
  }
  for (let i = last; i <= text.length; i++) offsets.push(i);
  return { text: decoded + text.slice(last), offsets };
}

const SIP_BEFORE = /(?:sips?|tel):$/i;

/** A number's groups before any time or date after them, cut to the longest prefix of 7–15 digits that may end there. */
function phoneLength(text: string, start: number, value: string): number {
  const end = beforeTimeOrDate(text, start, start + value.length, 7);
  const groups = text.slice(start, end).split(/(?<=[\d)])(?=[ .-]?[\d(])/);
  return longestAcceptedPrefix(groups, '', 1, (number) => {
    const count = number.replace(/\D/g, '').length;
    return count >= 7 && count <= 15 && numberMayEndAt(text, start + number.length);
  });
}

export const nationalPhoneRule: Rule = {
  types: ['Phone', 'SSN'],
  scan(text, emit) {
    NATIONAL.lastIndex = 0;
    for (let m = NATIONAL.exec(text); m; m = NATIONAL.exec(text)) {
      const value = m[0];
      if (value[0] === "'" || value[0] === '"') {
        if (value[0] === value[12] && ssnValid(value.slice(1, 4), value.slice(5, 7), value.slice(8, 12))) emit('SSN', m.index + 1, m.index + 12);
        else NATIONAL.lastIndex = m.index + 1;
      } else if (freeBefore(text, m.index)) emit('Phone', m.index, m.index + value.length);
      else NATIONAL.lastIndex = m.index + 1;
    }
    // SIP users and dial strings: 7–15 digits (a leading +) right before '@' and a host or context name (or, after
    // sip: or tel:, any host), nothing glued before them. Zero-padded counters (00000001@…) are not numbers anyone dials.
    for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > 0 && at - start <= 15 && isDigit(text.charCodeAt(start - 1))) start--;
      if (text.charCodeAt(start - 1) === 43 /* + */) start--;
      const digits = at - start - (text.charCodeAt(start) === 43 ? 1 : 0);
      const before = text.charCodeAt(start - 1);
      if (digits < 7 || digits > 15 || isWord(before) || before === 46 || before === 45 || before === 37) continue;
      if (text.startsWith('000', start) || !(isLetter(text.charCodeAt(at + 1)) || SIP_BEFORE.test(text.slice(Math.max(0, start - 5), start)))) continue;
      emit('Phone', start, at);
    }
  },
};

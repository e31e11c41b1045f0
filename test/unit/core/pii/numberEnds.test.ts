// Where a number ends: a letter glued right after it (an extension's "x", a unit) does not cut it short, and a time
// or a date written after a phone number is not part of it. Each rule that finds phones is tried, and payment cards
// (synthetic numbers; the cards are test numbers that pass Luhn).
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const cases: Positive[] = [
  // A letter right after the last group: the whole number, not all but its last group.
  { text: 'call +44 20 7946 0958x now', found: [['Phone', '+44 20 7946 0958']] },
  { text: 'call +44 20 7946 0958ext 12', found: [['Phone', '+44 20 7946 0958']] },
  { text: 'call +44-20-7946-0958x now', found: [['Phone', '+44-20-7946-0958']] },
  { text: 'call +44.20.7946.0958x now', found: [['Phone', '+44.20.7946.0958']] },
  { text: 'call +442079460958x now', found: [['Phone', '+442079460958']] },
  { text: 'n 06 39 98 02 98x', found: [['Phone', '06 39 98 02 98']] }, // was left whole (a negative in rulesNationalPhone)
  { text: '01 23 45 67 89x', found: [['Phone', '01 23 45 67 89']] },
  { text: 'n 090-7840-8932x', found: [['Phone', '090-7840-8932']] },
  { text: 'tel 06 39 98 02 98x', found: [['Phone', '06 39 98 02 98']] },
  { text: 'tel: 0639980298x', found: [['Phone', '0639980298']] },
  { text: 'n 415-555-0132x', found: [['Phone', '415-555-0132']] },
  { text: 'n (415) 555-0132x', found: [['Phone', '(415) 555-0132']] },
  { text: 'n 415.555.0132x', found: [['Phone', '415.555.0132']] },
  // A time or a date after the number is not part of it.
  { text: 'phone +1 415 555 0132 12:30 ok', found: [['Phone', '+1 415 555 0132']] },
  { text: 'phone +1 415 555 0132 9:05 ok', found: [['Phone', '+1 415 555 0132']] },
  { text: 'phone +1 415 555 0132 12.30 ok', found: [['Phone', '+1 415 555 0132']] },
  { text: 'phone +1 415 555 0132 12/07/2026 ok', found: [['Phone', '+1 415 555 0132']] },
  { text: 'phone +1 415 555 0132 2026-12-07 ok', found: [['Phone', '+1 415 555 0132']] },
  { text: 'phone +44 20 7946 0958 2026-12-07 ok', found: [['Phone', '+44 20 7946 0958']] },
  { text: 'tel: 06 39 98 02 98 12:30', found: [['Phone', '06 39 98 02 98']] },
  { text: 'phone: 0612345678 12.30 ok', found: [['Phone', '0612345678']] },
  // The number's own groups are kept: a short group right after the country code, a port glued with ':'.
  { text: 'call +33 1.23.45.67.89 now', found: [['Phone', '+33 1.23.45.67.89']] },
  { text: 'sip +14155550132:5060 up', found: [['Phone', '+14155550132']] },
  // A grouped card number with a letter glued after it.
  { text: 'card 4111 1111 1111 1111x ok', found: [['CreditCard', '4111 1111 1111 1111']] },
  { text: 'card 4111-1111-1111-1111x ok', found: [['CreditCard', '4111-1111-1111-1111']] },
  // Letters that make the digits before them part of something else: a hex id, a hex literal; and digits of an id
  // glued to the number's last group (seen in the PII dev corpus).
  { text: 'phone=+91 91867 65793 113d3a99c3da401fbd62 x', found: [['Phone', '+91 91867 65793']] },
  { text: 'Téléphone : (646) 555-0126 0x820, 3', found: [['Phone', '(646) 555-0126']] },
  { text: 'mobile:+1 (310) 555-0110 30546174_173266917 up', found: [['Phone', '+1 (310) 555-0110']] },
  { text: 'call +44 20 7946 0958abc now', found: [['Phone', '+44 20 7946 0958']] }, // letters that stop: not an id
  { text: 'call +44 20 7946 0950x now', found: [['Phone', '+44 20 7946 0950']] }, // …0x, but not a hex literal's 0x
  // A decimal glued after the last group (past the six groups read): that group is a number's, not the phone's.
  { text: 'n +44 20 79 46 09 58 123.5 ok', found: [['Phone', '+44 20 79 46 09 58']] },
  // SSNs end the same way: dashed anywhere, spaced or plain after their key word.
  { text: 'ssn 123-45-6789x ok', found: [['SSN', '123-45-6789']] },
  { text: 'SSN:123-45-6789abc', found: [['SSN', '123-45-6789']] },
  { text: '"ssn":"123-45-6789x"', found: [['SSN', '123-45-6789']] },
  { text: 'ssn 123 45 6789x ok', found: [['SSN', '123 45 6789']] },
  { text: 'ssn: 123456789x ok', found: [['SSN', '123456789']] },
];

// Not numbers of a person: digits glued on (a longer number), a decimal, an id or hash that goes on with letters.
const notFound = [
  'PhoneStatusBar: 2026-11-03T19:45:36.789Z', // an ISO 8601 date and time after a phone word
  'n +1234567_8 ok',
  'n +12345678_9 ok',
  'n 4111111111111111abc ok',
  'n 415-555-0132_1 ok',
  'n 06 39 98 02 98_x',
  'id 123-45-6789_1',
  'at 123-45-6789T10:00',
  'ssn: 123456789T10:00',
  'ssn: 123-45-6789_2',
];

describe('PII detector: where a number ends (a letter after it, a time or a date after it)', () => {
  for (const positive of cases) it(JSON.stringify(positive.text), () => assertFinds(positive));
  it('digits, a decimal or an id glued after a number still make it something else', () => {
    for (const text of notFound) assertNothingIn(text);
  });
});

// Phone numbers without a country code (rules/nationalPhone.ts): national formats, numbers after a phone word, SIP
// users and dial strings, and quoted spaced SSNs — each with its exact span, and the boundaries around them.
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const found: Positive[] = [
  { text: '01 23 45 67 89', found: [['Phone', '01 23 45 67 89']] }, // the whole text
  { text: '1: 01 23 45 67 89', found: [['Phone', '01 23 45 67 89']] },
  { text: 'n 01-23-45-67-89', found: [['Phone', '01-23-45-67-89']] },
  { text: 'n 01.23.45.67.89', found: [['Phone', '01.23.45.67.89']] },
  { text: 'n (02) 5550 1993', found: [['Phone', '(02) 5550 1993']] },
  { text: 'n (21) 98970-1520', found: [['Phone', '(21) 98970-1520']] },
  { text: 'n 0491 570 518', found: [['Phone', '0491 570 518']] },
  { text: 'n 098765 43210', found: [['Phone', '098765 43210']] },
  { text: 'n 090-7840-8932', found: [['Phone', '090-7840-8932']] },
  { text: "bind '219 09 9999'", found: [['SSN', '219 09 9999']] },
  { text: 'bind "219 09 9999"', found: [['SSN', '219 09 9999']] },
  { text: 'phone: 0612345678', found: [['Phone', '0612345678']] },
  { text: 'telephone 0612345678', found: [['Phone', '0612345678']] },
  { text: 'tel:0612345678', found: [['Phone', '0612345678']] },
  { text: 'cell: 061 234 5678', found: [['Phone', '061 234 5678']] },
  { text: 'mobileNumber":"0491570518"', found: [['Phone', '0491570518']] },
  { text: 'PJSIP/0612345678@carrier', found: [['Phone', '0612345678']] },
  { text: 'x 1234567@carrier', found: [['Phone', '1234567']] }, // 7 digits: the shortest
  { text: 'x +33612345678@carrier', found: [['Phone', '+33612345678']] },
  { text: 'x +1234567@h', found: [['Phone', '+1234567']] }, // the + belongs to the number
  { text: 'x 123456789012345@h', found: [['Phone', '123456789012345']] }, // 15 digits: the longest
  { text: 'phone:0612345678.', found: [['Phone', '0612345678']] }, // a full stop after it
  { text: 'phone: 0612345', found: [['Phone', '0612345']] }, // 7 digits after a phone word: the shortest
  { text: 'phone 123456789012345', found: [['Phone', '123456789012345']] }, // 15: the longest
  // Past 15 digits, the groups after are not part of the number.
  { text: 'phone 06 12 34 56 78 90 12 34', found: [['Phone', '06 12 34 56 78 90 12']] },
];

const notFound = [
  'x01 23 45 67 89', // glued to a word, a path, an id, a dotted run
  '1 01 23 45 67 89', // right after another number
  '1:01 23 45 67 89',
  '/01 23 45 67 89',
  '-01 23 45 67 89',
  '.01 23 45 67 89',
  '01 23 45 67 89.5',
  '01 23.45 67 89', // mixed separators
  "bind '219 09 9999\"", // quotes that do not match
  "bind '900 09 9999'", // not a valid SSN
  'hotel 0612345678', // a short phone word inside another word
  'tel 061234', // too short
  'tel 0612345678901234567', // too long
  'x0612345678@carrier',
  'x 00000001@carrier', // a zero-padded counter
  'x 0612345678@1carrier',
  'x 123456@carrier',
  'x %0612345678@carrier',
  'x 1234567890123456@h', // 16 digits
  'x .1234567@h',
  'x -1234567@h',
  'x+01 23 45 67 89',
  'phone no 0612345678', // "no" between the word and the number: not read as the number's key
  "x '123 00 6789' y", // quoted, spaced like an SSN, but not a valid one
  "x '123 45 0000' y",
];

describe('PII detector: national phone numbers, phone words, SIP users', () => {
  describe('found with their exact span', () => {
    for (const positive of found) it(JSON.stringify(positive.text), () => assertFinds(positive, { enabledTypes: ['Phone', 'SSN'] }));
  });
  describe('not found', () => {
    for (const text of notFound) it(JSON.stringify(text), () => assertNothingIn(text, { enabledTypes: ['Phone', 'SSN'] }));
  });
  it('a SIP address after sip: is found whatever its host', () => {
    assertFinds({ text: 'sip:0612345678@10.0.0.1', found: [['Phone', '0612345678'], ['IPv4', '10.0.0.1']] }, { enabledTypes: ['Phone', 'IPv4'] });
  });
});

// Numbers found by their digits (rules/numbers.ts): payment cards of every network in their printed groupings,
// SSNs after a key word, international phone numbers (E.164) — each with its exact span, and what is not one.
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const cards: Positive[] = [
  { text: '4111111111111111', found: [['CreditCard', '4111111111111111']] }, // the whole text
  { text: 'card 4222222222222 ok', found: [['CreditCard', '4222222222222']] }, // 13 digits
  { text: 'card 3056 930902 5904', found: [['CreditCard', '3056 930902 5904']] }, // Diners, 4-6-4
  { text: 'card 6011 0009 9013 9424', found: [['CreditCard', '6011 0009 9013 9424']] }, // Discover
  { text: 'card 3530 1113 3330 0000', found: [['CreditCard', '3530 1113 3330 0000']] }, // JCB
  { text: 'card 6200 0000 0000 0005', found: [['CreditCard', '6200 0000 0000 0005']] }, // UnionPay
  { text: 'card 2223 0031 2200 3222', found: [['CreditCard', '2223 0031 2200 3222']] }, // 2-series Mastercard
  { text: 'card 5018 0000 0000 0009', found: [['CreditCard', '5018 0000 0000 0009']] }, // Maestro
  { text: 'card 3782-822463-10005.', found: [['CreditCard', '3782-822463-10005']] }, // Amex, dashed
  { text: 'card 4111 0000 0000 1 x', found: [['CreditCard', '4111 0000 0000 1']] }, // 13 digits, grouped
  { text: 'card 3530 0000 0000 0000 003 x', found: [['CreditCard', '3530 0000 0000 0000 003']] }, // 19 digits
  // A card followed by more numbers: the card alone.
  { text: 'card 4111 1111 1111 1111 7 items', found: [['CreditCard', '4111 1111 1111 1111']] },
  { text: 'card 4111-1111-1111-1111-7', found: [['CreditCard', '4111-1111-1111-1111']] },
];

const notCards = [
  'x4111111111111111', // glued to a word
  '1.4111111111111111', // a decimal
  '4111111111111111.5',
  'card 4111 1111 1111 1 ok', // 13 digits grouped 4-4-4-1 fail Luhn
  '4111 1111-1111 1111', // mixed separators
  'id 1234 5678 9012 3456', // Luhn-invalid
  'id 7111 1111 1111 1111', // no network starts with 7
  'card 2000 0000 0000 8 x', // Luhn-valid, but no network's number
];

const keyedSsns: Positive[] = [
  { text: 'ssn: 123 45 6789', found: [['SSN', '123 45 6789']] },
  { text: 'SSN=123-45-6789', found: [['SSN', '123-45-6789']] },
  { text: 'taxpayer identification number: 219-09-9999', found: [['SSN', '219-09-9999']] },
  { text: 'social_security_number":"219099999"', found: [['SSN', '219099999']] },
];

const phones: Positive[] = [
  { text: '+12345678', found: [['Phone', '+12345678']] }, // 8 digits: the shortest
  { text: 'tel +44(20)7946 0958', found: [['Phone', '+44(20)7946 0958']] },
  { text: '+4412345678901234567', found: [['Phone', '+44123456789012']] }, // no separators: cut to 15 digits
  // Past E.164's 15 digits, the groups after are not part of the number.
  { text: '+1 415 555 0132 5678 9012 3456', found: [['Phone', '+1 415 555 0132 5678']] },
  // One right after another: the next '+' is looked for from the end of the number before.
  { text: '+33 6 39 98 02 98 +44 20 7946 0958', found: [['Phone', '+33 6 39 98 02 98'], ['Phone', '+44 20 7946 0958']] },
  // WHOIS/ICANN's format (country code, a dot, the number) and dotted groups are numbers, not decimals.
  { text: 'Registrant Phone: +1.4155550132', found: [['Phone', '+1.4155550132']] },
  { text: 'tel +44.20.7946.0958', found: [['Phone', '+44.20.7946.0958']] },
  { text: 'fax +4420.79460958 x', found: [['Phone', '+4420.79460958']] }, // more than 2 digits after the dot
];

const notPhones = [
  '+1234567', // 7 digits
  'x+44 20 7946 0958', // glued to a word
  'ssn 123-45-67890',
  'ssn 123 45-6789', // mixed separators
  'xssn 123 45 6789', // the key word inside another word
  // A signed decimal: a long run of digits, one dot, 1–2 digits.
  'total=+12345678.9 EUR',
  'delta +1234567.89',
  'balance: +123456789.50 USD',
];

describe('PII detector: numbers found by their digits (cards, keyed SSNs, international phones)', () => {
  describe('cards of every network, with their exact span', () => {
    for (const positive of cards) it(JSON.stringify(positive.text), () => assertFinds(positive));
  });
  describe('not cards', () => {
    for (const text of notCards) it(JSON.stringify(text), () => assertNothingIn(text));
  });
  describe('SSNs after a key word', () => {
    for (const positive of keyedSsns) it(JSON.stringify(positive.text), () => assertFinds(positive));
  });
  describe('international phone numbers', () => {
    for (const positive of phones) it(JSON.stringify(positive.text), () => assertFinds(positive));
  });
  describe('neither', () => {
    for (const text of notPhones) it(JSON.stringify(text), () => assertNothingIn(text));
  });
});

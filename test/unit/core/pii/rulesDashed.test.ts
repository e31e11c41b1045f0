// The dash pass (rules/dashed.ts): SSNs (NNN-NN-NNNN), North American phone numbers (NNN-NNN-NNNN, (NNN) NNN-NNNN)
// and dashed MACs, each with its exact span, and the boundaries that keep ids, versions and longer numbers out.
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const found: Positive[] = [
  { text: '123-45-6789', found: [['SSN', '123-45-6789']] }, // the whole text
  { text: 'id 899-12-3456', found: [['SSN', '899-12-3456']] }, // the last area before 900
  { text: '415-555-0132', found: [['Phone', '415-555-0132']] },
  { text: 'call 415-555-0132', found: [['Phone', '415-555-0132']] },
  { text: 'call 215-555-0132 now', found: [['Phone', '215-555-0132']] }, // area codes start with 2…
  { text: 'call 915-555-0132 now', found: [['Phone', '915-555-0132']] }, // …to 9
  { text: '(415) 555-0132 x', found: [['Phone', '(415) 555-0132']] }, // at the start of the text
  { text: 'tel (415)555-0132', found: [['Phone', '(415)555-0132']] },
  { text: 'tel:(415) 555-0132', found: [['Phone', '(415) 555-0132']] },
  { text: '0a-1b-2c-3d-4e-5f', found: [['MAC', '0a-1b-2c-3d-4e-5f']] },
  { text: 'hw 0A-1B-2C-3D-4E-5F.', found: [['MAC', '0A-1B-2C-3D-4E-5F']] },
  { text: 'hw ff-ff-ff-ff-ff-fe', found: [['MAC', 'ff-ff-ff-ff-ff-fe']] },
];

const notFound = [
  'id 900-12-3456', // area 900 and up is not issued
  'x123-45-6789', // glued to a word
  '-123-45-6789', // glued to a dash (an id)
  '1123-45-6789', // four digits before the first dash
  '123-45-6789-1',
  '123-45-67890',
  '115-555-0132', // area codes do not start with 1
  'a (115) 555-0132',
  '(415) 155-0132', // nor exchanges
  'x(415) 555-0132', // glued to a word
  '415-555-0132.5', // a decimal after it: a version or a measurement
  '1.415-555-0132', // glued to a dotted run
  '/415-555-0132', // a path
  'a-415-555-0132', // an id
  '415-555-0132-9',
  '415-555-013',
  'ff-ff-ff-ff-ff-ff', // broadcast
  'FF-FF-FF-FF-FF-FF',
  '00-00-00-00-00-00', // unset
  '0a-1b-2c-3d-4e-5f:', // part of a longer run
  '0a-1b-2c-3d-4e-5f-',
  '0a-1b-2c-3d-4e-5fx',
  ':0a-1b-2c-3d-4e-5f',
  '.0a-1b-2c-3d-4e-5f',
  '-0a-1b-2c-3d-4e-5f',
  'g0a-1b-2c-3d-4e-5f',
  '0a-1b-2c-3d-4e', // five groups
];

describe('PII detector: the dash pass (SSN, phone numbers, dashed MACs)', () => {
  describe('found with their exact span', () => {
    for (const positive of found) it(JSON.stringify(positive.text), () => assertFinds(positive));
  });
  describe('not found', () => {
    for (const text of notFound) it(JSON.stringify(text), () => assertNothingIn(text));
  });
});

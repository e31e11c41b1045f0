// Where a value ends (rules/rule.ts): at any white space, and not at an undecodable byte (U+FFFD) between two of its
// characters — a broken byte inside a value must not leave part of it visible.
import type { Positive } from './piiCases';
import { assertFinds } from './piiCases';

const cases: Positive[] = [
  // Every white-space character ends an unquoted value.
  ...['\t', '\n', '\r', '\u000b', '\f', ' '].map((space): Positive => ({ text: `password=abc${space}def`, found: [['Password', 'abc']] })),
  // U+FFFD between characters of a value is part of it, however many; before or after the value it is not.
  { text: 'host exa\uFFFD\uFFFDmple.com', found: [['Hostname', 'exa\uFFFD\uFFFDmple.com']] },
  { text: 'host \uFFFDexample.com', found: [['Hostname', 'example.com']] },
  { text: 'mail \uFFFDjane@example.org', found: [['Email', 'jane@example.org']] },
  { text: 'mail jane@example.org\uFFFD', found: [['Email', 'jane@example.org']] },
  { text: 'mail ja\uFFFDne@exa\uFFFDmple.org', found: [['Email', 'ja\uFFFDne@exa\uFFFDmple.org']] },
];

describe('PII detector: where a value ends (white space, undecodable bytes)', () => {
  for (const positive of cases) it(JSON.stringify(positive.text), () => assertFinds(positive));
});

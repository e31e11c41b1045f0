// Bytes that are not valid UTF-8 decode to U+FFFD. A value broken by one is still one value: where U+FFFD sits
// between characters of a value, it is part of that value (`car\xffol@exa\xc3mple.com` is one e-mail address).
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const R = '\uFFFD';
const JWT_VALUE = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN${R}0LXVzZXItNDIifQ.c2lnbmF0dXJlLW5vdC1yZWFsLTEyMzQ1Ng`;

const positives: Positive[] = [
  { text: `from car${R}ol@exa${R}mple.com ok`, found: [['Email', `car${R}ol@exa${R}mple.com`]] },
  { text: `to ${R}${R}bob@example.org`, found: [['Email', `bob@example.org`]] }, // not between value characters
  { text: `mail jo${R}${R}e@mail.exa${R}mple.co.uk now`, found: [['Email', `jo${R}${R}e@mail.exa${R}mple.co.uk`]] },
  { text: `host db${R}01.prod.example.com down`, found: [['Hostname', `db${R}01.prod.example.com`]] },
  { text: `url https://al${R}ce:pw${R}d@db.example.com/x end`, found: [['UrlCredentials', `https://al${R}ce:pw${R}d@db.example.com/x`]] },
  { text: `Authorization: Bearer abcDEF123${R}456ghiJKL789 sent`, found: [['BearerToken', `abcDEF123${R}456ghiJKL789`]] },
  { text: `jwt ${JWT_VALUE} end`, found: [['JWT', JWT_VALUE]] },
  { text: `slack xoxb-123456789012-12345${R}67890123-AbCdEfGh sent`, found: [['SlackToken', `xoxb-123456789012-12345${R}67890123-AbCdEfGh`]] },
  { text: `token ghp_aBcDeFgHiJkLmNoPqRsTuVw${R}XyZ0123456789 used`, found: [['GitHubToken', `ghp_aBcDeFgHiJkLmNoPqRsTuVw${R}XyZ0123456789`]] },
  { text: `password=Tr0ub${R}4dor&3 ok`, found: [['Password', `Tr0ub${R}4dor&3`]] },
  // Next to the '@' or a dot of an address, after (or before) one of its characters: a broken byte of the name is
  // still part of the address (it stood for a character of it); the span covers it, so nothing of the name shows.
  { text: `from jane${R}@example.org ok`, found: [['Email', `jane${R}@example.org`]] },
  { text: `from jane${R}${R}@example.org ok`, found: [['Email', `jane${R}${R}@example.org`]] },
  { text: `from jane@${R}example.org ok`, found: [['Email', `jane@${R}example.org`]] },
  { text: `from jane${R}@${R}example.org ok`, found: [['Email', `jane${R}@${R}example.org`]] },
  { text: '{"from":"jane\\ufffd@example.org"}', found: [['Email', 'jane\\ufffd@example.org']] }, // JSON-escaped
  { text: `host db01${R}.example.com down`, found: [['Hostname', `db01${R}.example.com`]] },
  { text: `host db01.${R}example.com down`, found: [['Hostname', `db01.${R}example.com`]] },
  { text: `mail jane@mail${R}.example.org ok`, found: [['Email', `jane@mail${R}.example.org`]] },
  { text: `"password": "Tr0ub${R}4 dor"`, found: [['Password', `Tr0ub${R}4 dor`]] },
];

describe('PII detector: a value broken by U+FFFD (an invalid UTF-8 byte) is one value', () => {
  for (const positive of positives) it(JSON.stringify(positive.text), () => assertFinds(positive));

  it('U+FFFD alone, or next to an @ or a dot, is not a value', () => {
    for (const text of [`${R}@${R}.com`, `a${R}@example`, `${R}.${R}.${R}`, `ok ${R}${R}${R} done`, `a ${R}@example.org`, `a b@${R} c`]) assertNothingIn(text);
  });
});

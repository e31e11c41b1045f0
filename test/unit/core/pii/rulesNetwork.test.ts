// Addresses in running text (rules/network.ts): e-mail addresses and URLs with credentials, with their exact span, and
// the shapes that are not one (remotes, message ids, bad domains, URLs without a user).
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const emails: Positive[] = [
  { text: 'a@b.io', found: [['Email', 'a@b.io']] }, // the whole text; a two-letter TLD
  { text: 'mail x.y@example.org.', found: [['Email', 'x.y@example.org']] }, // the sentence's full stop is not part of it
  { text: 'x a@b.io-', found: [['Email', 'a@b.io']] },
  { text: 'a@b.io@c.io', found: [['Email', 'a@b.io']] }, // an address does not start inside the previous one
  { text: 'a@b.abcdefghijklmnopqrstuvwx', found: [['Email', 'a@b.abcdefghijklmnopqrstuvwx']] }, // a 24-letter TLD
  { text: 'mail a@b.io: ok', found: [['Email', 'a@b.io']] }, // a colon then a space: punctuation
  { text: 'mail a@b.io:', found: [['Email', 'a@b.io']] },
  { text: 'reply-to=x@mail.example.org', found: [['Email', 'x@mail.example.org']] },
  { text: '.bob@example.com', found: [['Email', 'bob@example.com']] },
  { text: "'bob@example.com'", found: [['Email', 'bob@example.com']] },
  { text: 'jane\uFFFDdoe@example.org', found: [['Email', 'jane\uFFFDdoe@example.org']] }, // an undecodable byte inside
  { text: 'jane@exa\uFFFDmple.org', found: [['Email', 'jane@exa\uFFFDmple.org']] },
];

const notEmails = [
  'a@b.c', // a one-letter TLD
  'a@b.abcdefghijklmnopqrstuvwxy', // 25 letters
  'a@b.i1',
  'a@-b.io', // a label starting or ending with '-'
  'a@b-.io',
  'a@b..io',
  'a@.io',
  '@example.com',
  'git@host.example.com:repo.git', // an scp/git remote
  'Message-ID: <x@mail.example.org>',
];

const urls: Positive[] = [
  { text: 'https://user@host', found: [['UrlCredentials', 'https://user@host']] }, // a user alone, on http(s)/ftp(s)
  { text: 'redis://:pw@cache:6379/0', found: [['UrlCredentials', 'redis://:pw@cache:6379/0']] }, // a password alone
  { text: 'HTTPS://bob@host.example.com/x', found: [['UrlCredentials', 'HTTPS://bob@host.example.com/x']] },
  { text: '1https://bob:pw@h.example.com', found: [['UrlCredentials', 'https://bob:pw@h.example.com']] }, // a scheme starts with a letter
  { text: 'svc+ssh://a:b@h', found: [['UrlCredentials', 'svc+ssh://a:b@h']] },
  { text: 'x https://bob:pw@h.example.com/a?b#c d', found: [['UrlCredentials', 'https://bob:pw@h.example.com/a?b#c']] },
  { text: 'https://bob:pw@h.example.com,x', found: [['UrlCredentials', 'https://bob:pw@h.example.com']] },
  // A URL inside this one's query is part of it.
  { text: 'https://bob:pw@h.example.com/r?u=https://x:y@z.example.com/ next', found: [['UrlCredentials', 'https://bob:pw@h.example.com/r?u=https://x:y@z.example.com/']] },
];

const notUrls = [
  'redis://user@cache', // a user alone on another scheme: not an account
  'https://@host.example.com', // no user
  'https://user@/x', // no host
  'https://host.example.com/a@b', // the @ is in the path
  '://user:pw@host', // no scheme
];

describe('PII detector: e-mail addresses and URLs with credentials', () => {
  describe('e-mail addresses, with their exact span', () => {
    for (const positive of emails) it(JSON.stringify(positive.text), () => assertFinds(positive, { enabledTypes: ['Email'] }));
  });
  describe('not e-mail addresses', () => {
    for (const text of notEmails) it(JSON.stringify(text), () => assertNothingIn(text, { enabledTypes: ['Email'] }));
  });
  describe('URLs with credentials, with their exact span', () => {
    for (const positive of urls) it(JSON.stringify(positive.text), () => assertFinds(positive, { enabledTypes: ['UrlCredentials'] }));
  });
  describe('not URLs with credentials', () => {
    for (const text of notUrls) it(JSON.stringify(text), () => assertNothingIn(text, { enabledTypes: ['UrlCredentials'] }));
  });
});

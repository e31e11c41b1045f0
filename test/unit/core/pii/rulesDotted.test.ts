// The dot pass (rules/dotted.ts): IPv4 addresses, dotted phone numbers, Cisco MACs and host names, each with its
// exact span, and the boundaries that keep versions, masks, loopback and ids out.
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const found: Positive[] = [
  { text: '10.0.0.255', found: [['IPv4', '10.0.0.255']] }, // octet 255, the whole text
  { text: 'x 1.2.3.4', found: [['IPv4', '1.2.3.4']] },
  { text: 'x 0.1.2.3', found: [['IPv4', '0.1.2.3']] }, // only 0.0.0.0 is unspecified
  { text: 'x 254.0.0.0', found: [['IPv4', '254.0.0.0']] }, // neither a mask (not from 255) nor unspecified
  { text: 'x 1.2.3.4-5', found: [['IPv4', '1.2.3.4']] }, // a range
  { text: 'foo/1.2.3.4', found: [['IPv4', '1.2.3.4']] }, // not a known product
  { text: 'ip 255.255.0.255', found: [['IPv4', '255.255.0.255']] }, // not a mask: ones, zeros, ones
  { text: 'ip 255.1.2.3', found: [['IPv4', '255.1.2.3']] },
  { text: 'ip 255.255.255.1', found: [['IPv4', '255.255.255.1']] }, // not a mask: a one after the zeros of .1
  { text: 'ip 10.0.0.10', found: [['IPv4', '10.0.0.10']] }, // a zero inside an octet is no leading zero
  { text: 'myversion 10.1.2.3', found: [['IPv4', '10.1.2.3']] }, // "version" inside a longer word
  { text: 'x:foo (10.1.2.3)', found: [['IPv4', '10.1.2.3']] }, // not a Debian architecture
  { text: '415.555.0110', found: [['Phone', '415.555.0110']] },
  { text: 'mac 0050.56fa.110f', found: [['MAC', '0050.56fa.110f']] },
  { text: 'host 12.34.de', found: [['Hostname', '12.34.de']] }, // three labels
  { text: 'host ab2555.com', found: [['Hostname', 'ab2555.com']] }, // digits in a name that is not a number
  { text: 'host 2.example.com', found: [['Hostname', '2.example.com']] }, // three labels: a number may start it
  { text: 'host ab.de', found: [['Hostname', 'ab.de']] },
  { text: 'host a.b.example.com', found: [['Hostname', 'a.b.example.com']] },
  { text: 'host db.example.com.', found: [['Hostname', 'db.example.com']] },
  { text: 'host db.example.com.au', found: [['Hostname', 'db.example.com.au']] },
  { text: 'host exa\uFFFDmple.com', found: [['Hostname', 'exa\uFFFDmple.com']] },
];

const notFound = [
  'ip 10.0.0.256', // an octet past 255, in any place
  'ip 999.1.2.3',
  'ip 1.999.2.3',
  'ip 1.2.999.3',
  'ip 10.01.2.3', // a leading zero, in any place
  'ip 059.1.2.3',
  'ip 1.2.3.04',
  'version: 1.2.3.4',
  'x 115.555.0110', // area codes do not start with 1
  '/415.555.0110', // a path
  'x 050.56fa.110f', // three hex digits before the first dot
  '.example.com', // no name before the suffix
  'a1.2.3.4', // glued to a word
  '~1.2.3.4',
  '-1.2.3.4',
  '11.2.3.4.5', // five numbers: a version
  '1.2.3.4-a',
  'chrome/1.2.3.4', // a product's version, in any case
  'Chrome/1.2.3.4',
  'lo 127.0.0.5', // loopback
  'any 0.0.0.0',
  'mask 255.255.255.0',
  'version 10.1.2.3',
  'ver=10.1.2.3',
  'build:10.1.2.3',
  'kernel/10.1.2.3', // a slash after the word (not a product's name)
  'version\u00a010.1.2.3', // white space past ASCII (a no-break space)
  'x:amd64 (10.1.2.3)',
  '1415.555.0110', // glued to more digits
  'x.415.555.0110',
  'n 1234.5678.9012', // digits only: a number, not a MAC
  '0050.56fa.110f.1',
  'x0050.56fa.110f',
  'v 12.de', // a number and a TLD: a version or a file
  'f a.com', // a one-letter name
  'x_api.example.com', // part of an id
  '/api.example.com', // a path
  '-api.example.com',
  'api-.example.com',
  'db.example.comx',
  'db.example.com-x',
];

describe('PII detector: the dot pass (IPv4, dotted phones, Cisco MACs, host names)', () => {
  describe('found with their exact span', () => {
    for (const positive of found) it(JSON.stringify(positive.text), () => assertFinds(positive));
  });
  describe('not found', () => {
    for (const text of notFound) it(JSON.stringify(text), () => assertNothingIn(text));
  });
});

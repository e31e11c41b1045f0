// The colon pass (rules/colon.ts): IPv6 addresses and colon-separated MACs, each with its exact span, and the
// boundaries that tell them from times, scopes in code and labels (synthetic values only).
import type { Positive } from './piiCases';
import { assertFinds, assertNothingIn } from './piiCases';

const found: Positive[] = [
  // A label glued before the address ("en0:", "(en0+:") is not part of it.
  { text: 'if en0:2607:f8b0:4005:80a::200e up', found: [['IPv6', '2607:f8b0:4005:80a::200e']] },
  { text: 'route (en0+:2607:f8b0::1) via', found: [['IPv6', '2607:f8b0::1']] },
  { text: 'start:2001:db8::1', found: [['IPv6', '2001:db8::1']] },
  { text: 'a.b:2001:db8::1', found: [['IPv6', '2001:db8::1']] },
  // The address at the very start or end of the text, in brackets, before a prefix length.
  { text: '2001:db8::1', found: [['IPv6', '2001:db8::1']] },
  { text: 'peer [fe80::a1%eth0]', found: [['IPv6', 'fe80::a1']] },
  { text: 'on 2001:db8:0:0:0:0:2:1/64', found: [['IPv6', '2001:db8:0:0:0:0:2:1']] },
  // Decimal groups: compressed or all eight groups is an address.
  { text: 'on 1:2:3::7 x', found: [['IPv6', '1:2:3::7']] },
  { text: 'on 1:2:3:4:5:6:7:8 x', found: [['IPv6', '1:2:3:4:5:6:7:8']] },
  { text: 'x ::2 y', found: [['IPv6', '::2']] },
  { text: 'x abc::1 y', found: [['IPv6', 'abc::1']] },
  // An embedded IPv4 address belongs to the IPv6 one.
  { text: 'x 2001:db8::1.2.3.4 y', found: [['IPv6', '2001:db8::1.2.3.4']] },
  { text: 'mapped ::ffff:10.1.2.3 ok', found: [['IPv6', '::ffff:10.1.2.3']] },
  { text: 'ip6 2001:DB8::A1 ok', found: [['IPv6', '2001:DB8::A1']] },
  // MACs in either case; only all-ones and all-zeros are not a device.
  { text: 'hw 0A:1B:2C:3D:4E:5F', found: [['MAC', '0A:1B:2C:3D:4E:5F']] },
  { text: 'v 00:00:00:00:00:01', found: [['MAC', '00:00:00:00:00:01']] },
  { text: 'v ff:ff:ff:ff:ff:fe', found: [['MAC', 'ff:ff:ff:ff:ff:fe']] },
  // A sentence's full stop, a compressed tail, a label with a colon before it.
  { text: '2001::1.', found: [['IPv6', '2001::1']] },
  { text: 'x 1:: y', found: [['IPv6', '1::']] },
  { text: 'x a::b1 y', found: [['IPv6', 'a::b1']] },
  { text: 'w:2001:db8::1: up', found: [['IPv6', '2001:db8::1']] },
  // IPv4-mapped, but not loopback: only a leading run of zeros makes it ::ffff:127.…
  { text: 'x 1::ffff:127.0.0.1 y', found: [['IPv6', '1::ffff:127.0.0.1']] },
  // Eight groups that are not all two hex digits: an address, not a Fibre Channel WWN.
  { text: 'x 150:06:0b:00:00:c2:62:00 y', found: [['IPv6', '150:06:0b:00:00:c2:62:00']] },
  { text: 'x 50:06:0b:00:00:c2:62:001 y', found: [['IPv6', '50:06:0b:00:00:c2:62:001']] },
  // Six decimal groups and a dotted tail: a counter and an IPv4 address, not an IPv6 one.
  { text: 'x 1:2:3:4:5:6:1.2.3.4 y', found: [['IPv4', '1.2.3.4']] },
];

const notFound = [
  'mac ff:ff:ff:ff:ff:ff', // broadcast
  'mac FF:FF:FF:FF:FF:FF',
  'mac 00:00:00:00:00:00', // unset
  'hw 0a:1b:2c:3d:4e:5f:6a', // seven groups: neither a MAC nor an address
  'on 1:2:3:4:5:6:7 x', // seven decimal groups, not compressed: a time or a counter
  'time 14:24:48:574: done',
  'x fe80::1.5', // a dotted tail that is not an IPv4 address
  'fe80::1ff:fe23:4567:890a(', // a call in code
  'ns::f00d1(x)',
  'x :::1 y',
  'a::b::1', // two "::"
  'lo 0:0:0:0:0:0:0:1 up', // loopback written in full
  'any ::ffff:0.0.0.0 ok', // unspecified, IPv4-mapped
  'fe80::1x', // glued to a word after it
  '2001:db8::1:x', // a colon and a word after it: part of something longer
  '12a:ffff::ffff:_',
  '2001:db8::1::', // two colons after it
  'x 0:: y', // unspecified, written with zeros
  'x 0:0:: y',
  'x 0::ffff:127.0.0.1 y', // IPv4-mapped loopback
  'x a:: y', // no digit: a scope in code
];

describe('PII detector: the colon pass (IPv6, colon-separated MACs)', () => {
  describe('found with their exact span', () => {
    for (const positive of found) it(JSON.stringify(positive.text), () => assertFinds(positive));
  });
  describe('not found', () => {
    for (const text of notFound) it(JSON.stringify(text), () => assertNothingIn(text));
  });
  describe('a colon after the address is punctuation, not part of it', () => {
    it('an IPv6 address followed by ": "', () => assertFinds({ text: 'neighbor 2001:db8::1: reachable', found: [['IPv6', '2001:db8::1']] }));
    it('a link-local address followed by ": "', () => assertFinds({ text: 'addr fe80::1: up', found: [['IPv6', 'fe80::1']] }));
    it('a MAC followed by ":" at the end of the line', () => assertFinds({ text: 'link 00:1a:2b:3c:4d:5e:\nnext', found: [['MAC', '00:1a:2b:3c:4d:5e']] }));
  });
});

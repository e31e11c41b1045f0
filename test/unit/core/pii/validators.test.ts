// The validators at their edges: every card network at both ends of its prefix range and its lengths, numbers that
// pass Luhn but belong to no network, the last IPv4 octet, the SSA's excluded SSN areas, IPv6 group counts. A
// regression here leaks a value silently (or hides ordinary numbers), and no other test would notice.
import * as assert from 'node:assert/strict';
import { cardGrouping, cardNetwork, isIpv6, luhnValid, ssnValid, validOctet } from '../../../../src/core/pii/rules/validators';
import { assertFinds, assertNothingIn, detect } from './piiCases';

/** Luhn-valid numbers (test numbers made up here: a prefix, zeros, a check digit) and the network they belong to. */
const NETWORKS: Array<[number: string, network: string | null]> = [
  ['4000000000006', 'visa'],
  ['4000000000000002', 'visa'],
  ['4000000000000000006', 'visa'],
  ['400000000000006', null], // Visa has no 15-digit numbers
  ['5100000000000008', 'mastercard'],
  ['5500000000000004', 'mastercard'],
  ['2221000000000009', 'mastercard'],
  ['2720000000000005', 'mastercard'],
  ['2220000000000000', null],
  ['2721000000000004', null],
  ['510000000000003', null], // Mastercard is 16 digits
  ['340000000000009', 'amex'],
  ['370000000000002', 'amex'],
  ['3400000000000000', null],
  ['350000000000006', null],
  ['36000000000008', 'diners'],
  ['38000000000006', 'diners'],
  ['3900000000000000008', 'diners'],
  ['30000000000004', 'diners'],
  ['30500000000003', 'diners'],
  ['30600000000001', null],
  ['3600000000004', null],
  ['36000000000000000008', null],
  ['6011000000000004', 'discover'],
  ['6500000000000002', 'discover'],
  ['6440000000000005', 'discover'],
  ['6490000000000000007', 'discover'],
  ['6221260000000000', 'discover'],
  ['6229250000000003', 'discover'],
  ['6430000000000007', 'maestro'],
  ['3528000000000007', 'jcb'],
  ['3589000000000000009', 'jcb'],
  ['3527000000000008', null],
  ['3590000000000000', null],
  ['352800000000007', null],
  ['6200000000000005', 'unionpay'],
  ['6210000000000000009', 'unionpay'],
  ['500000000009', 'maestro'],
  ['5000000000000009', 'maestro'],
  ['5600000000002', 'maestro'],
  ['6900000000000000005', 'maestro'],
  ['601100000000001', 'maestro'],
  ['57000000000', null], // too short for any network
  ['1000000000000008', null],
  ['7000000000000005', null],
  ['8000000000000003', null],
  ['9000000000000001', null],
];

describe('PII validators: boundaries', () => {
  it('every network at both ends of its prefix range and lengths; Luhn-valid numbers of no network are none', () => {
    for (const [digits, network] of NETWORKS) {
      assert.ok(luhnValid(digits), `test bug: ${digits} is not Luhn-valid`);
      assert.equal(cardNetwork(digits), network, digits);
    }
  });

  it('finds a card of every network in a log line; a Luhn-valid number of no network is not a card', () => {
    for (const [digits, network] of NETWORKS) {
      const text = `payment card ${digits} charged`;
      const found = digits.length >= 13 && digits.length <= 19 && network !== null;
      if (found) assertFinds({ text, found: [['CreditCard', digits]] });
      else assert.deepEqual(detect(text).filter((span) => span.type === 'CreditCard'), [], digits);
    }
    assertNothingIn('request id 7000000000000005 done');
    assertNothingIn('order 1000000000000008 shipped');
  });

  it('Luhn: separators ignored, one wrong digit fails', () => {
    assert.equal(luhnValid('4111-1111-1111-1111'), true);
    assert.equal(luhnValid('4111 1111 1111 1111'), true);
    assert.equal(luhnValid('4111 1111 1111 1112'), false);
    assert.equal(luhnValid('5500000000000005'), false);
    assert.equal(luhnValid('79927398713'), true);
    assert.equal(luhnValid('79927398710'), false);
  });

  it('card groupings as printed: 4-4-4-4 with a short last group, 4-6-5, 4-6-4', () => {
    const sizes = (spec: string) => spec.split('-').map((n) => 'x'.repeat(Number(n)));
    for (const ok of ['4-4-4', '4-4-4-4', '4-4-4-4-1', '4-4-4-4-3', '4-4-4-4-4', '4-4-4-1', '4-6-5', '4-6-4']) assert.equal(cardGrouping(sizes(ok)), true, ok);
    for (const no of ['4-4', '4-4-4-4-5', '4-4-4-4-4-4', '5-4-4-4', '4-6-6', '4-6-3', '4-5-5', '4-4-4-4-0']) assert.equal(cardGrouping(sizes(no)), false, no);
  });

  it('IPv4 octets 0-255 without a leading zero: 10.0.0.255 is an address, 10.0.0.256 is not', () => {
    for (const ok of ['0', '9', '10', '99', '100', '199', '249', '250', '255']) assert.equal(validOctet(ok), true, ok);
    for (const no of ['256', '300', '00', '01', '059', '999']) assert.equal(validOctet(no), false, no);
    assertFinds({ text: 'from 10.0.0.255 ok', found: [['IPv4', '10.0.0.255']] });
    assertNothingIn('from 10.0.0.256 ok');
  });

  it('SSNs: areas 000, 666 and 900-999, group 00 and serial 0000 are never issued', () => {
    assert.equal(ssnValid('001', '01', '0001'), true);
    assert.equal(ssnValid('665', '01', '0001'), true);
    assert.equal(ssnValid('667', '01', '0001'), true);
    assert.equal(ssnValid('899', '99', '9999'), true);
    assert.equal(ssnValid('000', '01', '0001'), false);
    assert.equal(ssnValid('666', '01', '0001'), false);
    assert.equal(ssnValid('900', '01', '0001'), false);
    assert.equal(ssnValid('999', '01', '0001'), false);
    assert.equal(ssnValid('123', '00', '0001'), false);
    assert.equal(ssnValid('123', '45', '0000'), false);
    assertFinds({ text: 'ssn: 899-12-3456', found: [['SSN', '899-12-3456']] });
    assertNothingIn('ssn: 900-12-3456');
  });

  it('IPv6: eight groups, or fewer with ::, an IPv4 tail counting as two; anything else is not an address', () => {
    for (const ok of ['1:2:3:4:5:6:7:8', '::', '::1', '1::', '1::2:3:4:5:6:7', 'fe80::1ff:fe23:4567:890a', 'ABCD:ef01::ffff', '::ffff:192.168.1.1', '1:2:3:4:5:6:1.2.3.4', '1::1.2.3.4']) {
      assert.equal(isIpv6(ok), true, ok);
    }
    for (const no of ['1:2:3:4:5:6:7', '1::2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:', ':1:2:3:4:5:6:7', '::ffff:192.168.1.256', '::ffff:1.2.3', '::ffff:1.2.3.4.5', '::ffff:01.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', '::1.2.3.x', ':::']) {
      assert.equal(isIpv6(no), false, no);
    }
  });
});

// A value is redacted whole, however long: a 5,000-character client secret is as secret as a 20-character one.
// (The stream scanner continues a value across its windows; here the whole text is scanned at once.)
import * as assert from 'node:assert/strict';
import { detect } from './piiCases';

/** A random-looking value of `length` characters (synthetic). */
function longValue(length: number): string {
  const alphabet = 'Ab3Xk9Qz7Lm2Pw5Rt8Nv4Hj6';
  let value = '';
  for (let i = 0; value.length < length; i++) value += alphabet[(i * 7 + Math.floor(i / 24)) % alphabet.length];
  return value;
}

/** The text with every span replaced, as redaction does. */
function covered(text: string): Array<[string, string]> {
  return detect(text).map((s) => [s.type, s.value]);
}

describe('PII detector: long values are found whole', () => {
  for (const length of [1023, 1024, 1025, 5000, 70_000]) {
    const value = longValue(length);
    const cases: Array<[string, string]> = [
      [`client_secret="${value}"`, 'Secret'],
      [`{"password": "${value}"}`, 'Password'],
      [`password=${value} next`, 'Password'],
      [`api_key: '${value}'`, 'ApiKey'],
      [`token=${value}`, 'Secret'],
      [`Authorization: Bearer ${value}`, 'BearerToken'],
      [`xoxb-1234-${value}`, 'SlackToken'],
    ];
    for (const [template, type] of cases) {
      it(`${length} characters: ${template.replace(value, '…')}`, () => {
        const found = covered(template);
        const expected = type === 'SlackToken' ? `xoxb-1234-${value}` : value;
        assert.deepEqual(found, [[type, expected]]);
      });
    }
  }

  it('a private key whose footer is far away is one block', () => {
    const body = Array.from({ length: 400 }, () => longValue(64)).join('\n');
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    assert.deepEqual(covered(`x\n${key}\ny`), [['PrivateKey', key]]);
  });

  it('a truncated private key (no footer) is redacted to the end of its body, however long', () => {
    const body = Array.from({ length: 400 }, () => longValue(64)).join('\n');
    const key = `-----BEGIN PRIVATE KEY-----\n${body}`;
    assert.deepEqual(covered(`${key}\n"} end`), [['PrivateKey', `${key}\n`]]);
  });
});

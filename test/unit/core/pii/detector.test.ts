// The detector's contract beyond single types: replacements, custom patterns, enabled types, overlaps, offsets.
import * as assert from 'node:assert/strict';
import { createDetector } from '../../../../src/core/pii/detector';
import { PII_TYPE_INFO, PII_TYPES } from '../../../../src/core/pii/types';
import { allTypes, detect } from './piiCases';

const JWT_VALUE = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXItNDIifQ.c2lnbmF0dXJlLW5vdC1yZWFsLTEyMzQ1Ng';
const MIXED = 'user jane.doe@example.org from 192.168.10.20 key AKIAQWERTYUIOPASDFGH mac 00:1A:2B:3C:4D:5E';

describe('PII detector: contract', () => {
  describe('replacements', () => {
    it('are the type in brackets, as in the desktop app', () => {
      assert.deepEqual(
        detect(MIXED).map((s) => s.replacement),
        ['[Email]', '[IPv4]', '[AWSAccessKey]', '[MAC]'],
      );
      assert.equal(detect('connect https://alice:s3cretPw@db.example.com/')[0]?.replacement, '[URL]');
      assert.equal(detect(`t ${JWT_VALUE}`)[0]?.replacement, '[JWT]');
    });

    it('every span carries the replacement of its type and the text it covers', () => {
      const text = `${MIXED} password=Tr0ub4dor&3 ssn 123-45-6789 card 4111 1111 1111 1111`;
      const spans = detect(text);
      assert.equal(spans.length, 7);
      for (const span of spans) {
        assert.equal(span.replacement, PII_TYPE_INFO[span.type as keyof typeof PII_TYPE_INFO].replacement);
        assert.equal(text.slice(span.start, span.end), span.value);
      }
    });
  });

  describe('enabled types', () => {
    it('finds only the enabled types', () => {
      assert.deepEqual(
        detect(MIXED, { enabledTypes: ['Email', 'MAC'] }).map((s) => s.type),
        ['Email', 'MAC'],
      );
      assert.deepEqual(detect(MIXED, { enabledTypes: [] }), []);
    });

    it('finds host names only when Hostname is enabled (the extension and the CLI leave it off by default)', () => {
      const text = 'host api.internal.example.com down';
      assert.deepEqual(detect(text, { enabledTypes: PII_TYPES.filter((t) => t !== 'Hostname') }), []);
      assert.deepEqual(detect(text, { enabledTypes: ['Hostname'] }).map((s) => s.value), ['api.internal.example.com']);
    });

    it('a disabled winner lets the inner value through (URL off: the e-mail-like part is found)', () => {
      const text = 'dsn https://alice@db.example.com/x';
      assert.deepEqual(detect(text, { enabledTypes: ['Email'] }).map((s) => s.type), ['Email']);
    });
  });

  describe('custom patterns', () => {
    it('a valid RE2 pattern is typed Custom:<name> and replaced by [<name>]', () => {
      const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'EmployeeId', pattern: 'EMP-\\d{6}' }] });
      assert.deepEqual(detector.problems, []);
      assert.deepEqual(detector.detect('by EMP-004217 and EMP-12 and EMP-993311.'), [
        { type: 'Custom:EmployeeId', start: 3, end: 13, value: 'EMP-004217', replacement: '[EmployeeId]' },
        { type: 'Custom:EmployeeId', start: 29, end: 39, value: 'EMP-993311', replacement: '[EmployeeId]' },
      ]);
    });

    it('an invalid pattern is reported and the scan goes on with the rest', () => {
      const detector = createDetector({
        ...allTypes,
        customPatterns: [
          { name: 'backref', pattern: '(a)\\1' },
          { name: 'lookahead', pattern: '(?=x)' },
          { name: 'empty', pattern: 'z*' },
          { name: 'bad name!', pattern: 'x' },
          { name: 'Ticket', pattern: 'TCK-[0-9]+' },
        ],
      });
      assert.deepEqual(
        detector.problems.map((p) => p.name),
        ['backref', 'lookahead', 'empty', 'bad name!'],
      );
      for (const problem of detector.problems) assert.ok(problem.message.length > 0);
      assert.deepEqual(
        detector.detect('TCK-77 for jane.doe@example.org').map((s) => s.type),
        ['Custom:Ticket', 'Email'],
      );
    });

    it('a catastrophic-backtracking pattern runs in linear time (completes over 100k characters)', () => {
      const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'evil', pattern: '(x+x+)+y' }] });
      assert.deepEqual(detector.problems, []);
      assert.deepEqual(detector.detect('x'.repeat(100_000)), []);
      assert.equal(detector.detect(`${'x'.repeat(1000)}y`)[0]?.end, 1001);
    });
  });

  describe('overlaps', () => {
    it('a URL with credentials wins over the e-mail and host inside it', () => {
      const text = 'connect https://alice:s3cretPw@db.example.com:5432/app now';
      assert.deepEqual(detect(text).map((s) => [s.type, s.value]), [['UrlCredentials', 'https://alice:s3cretPw@db.example.com:5432/app']]);
    });

    it('a JWT after Bearer is typed JWT', () => {
      assert.deepEqual(detect(`Authorization: Bearer ${JWT_VALUE}`).map((s) => [s.type, s.value]), [['JWT', JWT_VALUE]]);
    });

    it('a known token shape under a secret-named key keeps its own type', () => {
      assert.deepEqual(detect('api_key=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789').map((s) => s.type), ['GitHubToken']);
    });

    it('spans never overlap, are in order, and the same input gives the same output', () => {
      const text = [
        `Authorization: Bearer ${JWT_VALUE}`,
        'dsn=postgres://svc:Qw3rty99@10.20.30.40:5432/db mail jane.doe@example.org',
        'password is hunter2x api_key=Zk93LmQpR2x8VbN4sT6w card 4111-1111-1111-1111',
      ].join('\n');
      const first = detect(text);
      for (let i = 1; i < first.length; i++) assert.ok((first[i - 1]?.end ?? 0) <= (first[i]?.start ?? 0));
      for (let i = 0; i < 3; i++) assert.deepEqual(detect(text), first);
      assert.deepEqual(createDetector(allTypes).detect(text), first);
    });
  });

  describe('offsets are UTF-16 code units', () => {
    const prefixes = ['😀👍🏽 ', '日本語のログ：', 'café naïve – ', '\uFEFF', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ', '\uFFFD\uFFFD '];
    const values = ['jane.doe@example.org', '192.168.10.20', 'AKIAQWERTYUIOPASDFGH', '2001:db8::1', '123-45-6789'];
    for (const prefix of prefixes) {
      it(`after ${JSON.stringify(prefix)}`, () => {
        const text = `${prefix}${values.join(' ; ')} ✓`;
        const spans = detect(text);
        assert.deepEqual(spans.map((s) => s.value), values);
        for (const span of spans) assert.equal(text.slice(span.start, span.end), span.value);
        assert.equal(spans[0]?.start, prefix.length);
      });
    }
  });

  it('custom patterns report UTF-16 offsets too (RE2 matches whole code points)', () => {
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'EmployeeId', pattern: 'EMP-\\d+' }, { name: 'XAny', pattern: 'x.' }] });
    const text = '😀😀 EMP-123 日本 x😀';
    assert.deepEqual(
      detector.detect(text).map((s) => [s.type, s.start, s.end, s.value]),
      [
        ['Custom:EmployeeId', 5, 12, 'EMP-123'],
        ['Custom:XAny', 16, 19, 'x😀'],
      ],
    );
  });

  it('knows a replacement for every type', () => {
    for (const type of PII_TYPES) assert.equal(PII_TYPE_INFO[type].replacement, type === 'UrlCredentials' ? '[URL]' : `[${type}]`);
  });
});

// trcaa-pii as a user runs it: `node dist/trcaa-pii.js scan|redact <file>` (built by npm run build).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDetector } from '../../../src/core/pii/detector';
import { redactText } from '../../../src/core/pii/redact';
import type { DetectedSpan } from '../../../src/core/pii/types';
import { PII_TYPES } from '../../../src/core/pii/types';
import { decodeLogText } from '../../../src/storage/content/text';
import { repoRoot } from '../../host/paths';
import { useTempDir } from '../storage/testFiles';

const cli = path.join(repoRoot, 'dist', 'trcaa-pii.js');
const DEFAULT_TYPES = PII_TYPES;

function run(args: string[], input?: Buffer | string) {
  const result = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, with the output as bytes (redact writes the encoding it read). */
function runRaw(args: string[], input?: Buffer) {
  const result = spawnSync(process.execPath, [cli, ...args], { input, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

function spansOf(stdout: string): DetectedSpan[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DetectedSpan);
}

// Synthetic values only.
const VALUES = ['jane.doe@example.org', '192.168.10.20', 'AKIAQWERTYUIOPASDFGH', 'Tr0ub4dor&3', '123-45-6789', '4111 1111 1111 1111'];

/** A log with a BOM, CRLF line ends, an invalid UTF-8 byte and non-ASCII text before the values. */
function sampleLogBytes(): Buffer {
  return Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('2024-09-12T13:33:47Z INFO café 日本 😀 login by jane.doe@example.org\r\n'),
    Buffer.from('bad byte '),
    Buffer.from([0xff, 0xfe]),
    Buffer.from(' from 192.168.10.20 key AKIAQWERTYUIOPASDFGH\r\n'),
    Buffer.from('Ünïcödé password=Tr0ub4dor&3 ssn 123-45-6789\r\ncard 4111 1111 1111 1111 agent version 1.12.7.45\r\n'),
  ]);
}

describe('trcaa-pii CLI', () => {
  const dir = useTempDir('trcaa-pii-cli-');

  it('scan prints one JSON line per value, with UTF-16 offsets into the decoded text', () => {
    const bytes = sampleLogBytes();
    const file = path.join(dir(), 'sample.log');
    writeFileSync(file, bytes);
    const result = run(['scan', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const text = decodeLogText(bytes);
    assert.equal(text.charCodeAt(0), 0xfeff, 'the BOM is part of the text');
    const spans = spansOf(result.stdout);
    assert.deepEqual(spans.map((s) => s.value), VALUES);
    for (const span of spans) {
      assert.deepEqual(Object.keys(span), ['type', 'start', 'end', 'value', 'replacement']);
      assert.equal(text.slice(span.start, span.end), span.value);
    }
    assert.deepEqual(spans, createDetector({ enabledTypes: DEFAULT_TYPES }).detect(text));
  });

  it('redact prints the text with every value replaced, as redactText of the whole', () => {
    const bytes = sampleLogBytes();
    const file = path.join(dir(), 'sample.log');
    writeFileSync(file, bytes);
    const result = run(['redact', file]);
    assert.equal(result.code, 0, result.stderr);
    for (const value of VALUES) assert.ok(!result.stdout.includes(value), `${value} leaked`);
    const text = decodeLogText(bytes);
    assert.equal(result.stdout, redactText(text, createDetector({ enabledTypes: DEFAULT_TYPES }).detect(text)));
    assert.match(result.stdout, /^\uFEFF.*\[Email\]\r\n/);
  });

  it('reads standard input with -, and --types limits the types', () => {
    const result = run(['scan', '-', '--types', 'Email,IPv4'], 'mail jane.doe@example.org from 192.168.10.20 key AKIAQWERTYUIOPASDFGH\n');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(spansOf(result.stdout).map((s) => s.type), ['Email', 'IPv4']);
    const redacted = run(['redact', '-', '--types=AWSAccessKey'], 'mail jane.doe@example.org key AKIAQWERTYUIOPASDFGH\n');
    assert.equal(redacted.stdout, 'mail jane.doe@example.org key [AWSAccessKey]\n');
  });

  it('--pattern adds custom types; an unusable pattern is reported on stderr and the scan goes on (exit 0)', () => {
    const input = 'ticket TCK-4411 and EMP-002211 from jane.doe@example.org\n';
    const result = run(['scan', '-', '--pattern', 'Ticket=TCK-\\d+', '--pattern=Employee=EMP-\\d{6}', '--pattern', 'bad=(a)\\1', '--pattern', 'ahead=(?=x)'], input);
    assert.equal(result.code, 0);
    assert.deepEqual(spansOf(result.stdout).map((s) => [s.type, s.value, s.replacement]), [
      ['Custom:Ticket', 'TCK-4411', '[Ticket]'],
      ['Custom:Employee', 'EMP-002211', '[Employee]'],
      ['Email', 'jane.doe@example.org', '[Email]'],
    ]);
    assert.match(result.stderr, /"bad"/);
    assert.match(result.stderr, /"ahead"/);
    assert.equal(run(['redact', '-', '--pattern', 'Ticket=TCK-\\d+', '--types', 'Email'], input).stdout, 'ticket [Ticket] and EMP-002211 from [Email]\n');
  });

  it('a missing file exits 1 with a clear message', () => {
    const missing = path.join(dir(), 'no-such.log');
    for (const command of ['scan', 'redact']) {
      const result = run([command, missing]);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /cannot read .*no-such\.log: no such file/);
    }
    const directory = run(['scan', dir()]);
    assert.equal(directory.code, 1);
    assert.match(directory.stderr, /directory/);
  });

  it('bad usage exits 2 with the usage text; --help exits 0', () => {
    const file = path.join(dir(), 'x.log');
    writeFileSync(file, 'x\n');
    for (const args of [[], ['frobnicate', file], ['scan'], ['scan', file, 'extra'], ['scan', file, '--types', 'Email,Nope'], ['scan', file, '--pattern', 'no-equals'], ['scan', file, '--frob', '1'], ['scan', file, '--types']]) {
      const result = run(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /Usage: trcaa-pii/);
    }
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: trcaa-pii/);
  });

  it('streams a file over 3 MiB: values across chunk boundaries are found, and redact matches the whole', function () {
    this.timeout(60_000);
    const MiB = 1024 * 1024;
    const line = Buffer.from('INFO 2024-09-12T13:33:47Z worker ok café ✓ request served in 12 ms\n');
    const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAq1w2e3r4t5y6\nu7i8o9p0a1s2d3f4g5h6\n-----END RSA PRIVATE KEY-----';
    // Filler lines up to `offset - before` bytes, then `value` (so it starts `before` bytes ahead of `offset`).
    const parts: Buffer[] = [];
    let size = 0;
    const fillTo = (target: number) => {
      for (; size + line.length <= target; size += line.length) parts.push(line);
      parts.push(Buffer.alloc(target - size, 0x20));
      size = target;
    };
    const place = (offset: number, before: number, value: string) => {
      fillTo(offset - before);
      parts.push(Buffer.from(value));
      size += Buffer.byteLength(value);
    };
    place(MiB, 1, '€ mail jane.doe@example.org\n'); // a 3-byte character split by the first 1 MiB read
    place(2 * MiB, 7, 'bob.smith@example.net key AKIAQWERTYUIOPASDFGH\n'); // an e-mail across the 2 MiB read
    place(3 * MiB, 40, `${PEM}\n`); // a multi-line private key across the 3 MiB read
    fillTo(3 * MiB + 200_000);
    const bytes = Buffer.concat(parts);
    assert.equal(bytes.indexOf('€'), MiB - 1);
    assert.ok(bytes.indexOf('bob.smith@example.net') < 2 * MiB && bytes.indexOf('@example.net') > 2 * MiB);
    const file = path.join(dir(), 'big.log');
    writeFileSync(file, bytes);

    const text = decodeLogText(bytes);
    assert.ok(!text.includes('\uFFFD'), 'the split character decodes whole');
    const expected = createDetector({ enabledTypes: DEFAULT_TYPES }).detect(text);
    assert.deepEqual(expected.map((s) => s.value), ['jane.doe@example.org', 'bob.smith@example.net', 'AKIAQWERTYUIOPASDFGH', PEM]);
    const scan = run(['scan', file]);
    assert.equal(scan.code, 0, scan.stderr);
    const spans = spansOf(scan.stdout);
    for (const span of spans) assert.equal(text.slice(span.start, span.end), span.value);
    assert.deepEqual(spans, expected);

    const redact = run(['redact', file]);
    assert.equal(redact.code, 0, redact.stderr);
    for (const value of expected) assert.ok(!redact.stdout.includes(value.value), `${value.value} leaked`);
    assert.equal(redact.stdout, redactText(text, expected));
  });

  it('redacts a long many-window file exactly like redactText of the whole', function () {
    this.timeout(60_000);
    // Values on every line, so spans cross each window the scanner cuts.
    let text = '';
    for (let i = 0; text.length < 2.5 * 1024 * 1024; i++) {
      text += `${i} user${i % 97}@example.org from 10.${i % 250}.${(i * 7) % 250}.${(i * 13) % 250} ${i % 5 === 0 ? `password=Pw${i}x ` : ''}ok ✓\n`;
    }
    const file = path.join(dir(), 'many.log');
    writeFileSync(file, text);
    const result = run(['redact', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, redactText(text, createDetector({ enabledTypes: DEFAULT_TYPES }).detect(text)));
    assert.doesNotMatch(result.stdout, /@example\.org|password=Pw/);
  });

  describe('encodings', () => {
    // The issue's reproduction: a UTF-16LE log with its BOM. Synthetic values only.
    const TEXT = '\uFEFFbob@example.com 10.1.2.3 password=Hunter2! café 😀\r\nnext carol@example.net\n';
    const VALUES_16 = ['bob@example.com', '10.1.2.3', 'Hunter2!', 'carol@example.net'];
    const le = Buffer.from(TEXT, 'utf16le');
    const be = Buffer.from(TEXT, 'utf16le').swap16();
    const twin = createDetector({ enabledTypes: DEFAULT_TYPES }).detect(TEXT);

    it('scan decodes UTF-16LE/BE by the BOM, from a file and from standard input: the spans of its UTF-8 twin', () => {
      assert.deepEqual(twin.map((s) => s.value), VALUES_16);
      for (const bytes of [le, be]) {
        const file = path.join(dir(), 'wide.log');
        writeFileSync(file, bytes);
        for (const result of [run(['scan', file]), run(['scan', '-'], bytes)]) {
          assert.equal(result.code, 0, result.stderr);
          assert.deepEqual(spansOf(result.stdout), twin);
        }
      }
    });

    it('redact writes the encoding it read: UTF-16LE in, UTF-16LE out with its BOM (BE alike)', () => {
      const redacted = redactText(TEXT, twin);
      for (const [bytes, expected] of [
        [le, Buffer.from(redacted, 'utf16le')],
        [be, Buffer.from(redacted, 'utf16le').swap16()],
      ] as const) {
        const file = path.join(dir(), 'wide.log');
        writeFileSync(file, bytes);
        for (const result of [runRaw(['redact', file]), runRaw(['redact', '-'], bytes)]) {
          assert.equal(result.code, 0, result.stderr);
          assert.deepEqual(result.stdout, expected);
        }
      }
    });

    it('refuses UTF-16 without a BOM and UTF-32 (exit 1, the reason on stderr, nothing on stdout)', () => {
      const noBom = Buffer.from(TEXT.slice(1), 'utf16le');
      const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('b\0\0\0o\0\0\0b\0\0\0\n\0\0\0')]);
      for (const [bytes, reason] of [
        [noBom, /encoding cannot be told: it has no byte-order mark/],
        [utf32, /UTF-32/],
      ] as const) {
        const file = path.join(dir(), 'odd.log');
        writeFileSync(file, bytes);
        for (const command of ['scan', 'redact']) {
          for (const result of [runRaw([command, file]), runRaw([command, '-'], bytes)]) {
            assert.equal(result.code, 1, result.stderr);
            assert.equal(result.stdout.length, 0);
            assert.match(result.stderr, reason);
            for (const value of VALUES_16) assert.ok(!result.stderr.includes(value));
          }
        }
      }
    });

    it('a BOM split over the first two chunks of standard input is still found', () => {
      const script = `process.stdout.write(Buffer.from([0xff])); setTimeout(() => process.stdout.write(Buffer.from(${JSON.stringify(TEXT)}, 'utf16le').subarray(1)), 200);`;
      const producer = spawnSync('sh', ['-c', `"${process.execPath}" -e ${JSON.stringify(script)} | "${process.execPath}" "${cli}" scan -`], { encoding: 'utf8' });
      assert.equal(producer.status, 0, producer.stderr);
      assert.deepEqual(spansOf(producer.stdout), twin);
    });
  });
});

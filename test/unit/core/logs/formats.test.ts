import * as assert from 'node:assert/strict';
import { detectFormat, LineParser, RECHECK_LINES } from '../../../../src/core/logs/formats/detect';
import { LogTimeParser, parseLogTime } from '../../../../src/core/logs/timestamps';
import { generateMessages, HEADERS } from './generatedLogs';

const START = Date.UTC(2026, 2, 14, 9, 26, 53, 589);
const LEVELS = ['info', 'warn', 'error', 'debug'];

/** `count` lines in one header format around generated messages, one second apart. */
function linesIn(header: string, count: number, seed = 1) {
  return generateMessages(count, seed).map((l, i) => {
    const level = LEVELS[i % LEVELS.length]!;
    const ms = START + i * 1000;
    return { line: HEADERS[header]!(ms, level, l.message), message: l.message, level, ms };
  });
}

describe('log format detection', () => {
  const expected: Record<string, string> = {
    log4j: 'log4j',
    isoZoned: 'log4j',
    syslog: 'syslog',
    logcat: 'logcat',
    apacheError: 'apache-error',
    cbs: 'windows-cbs',
    pipe: 'pipe',
    json: 'json',
    pino: 'json',
  };
  for (const [header, format] of Object.entries(expected)) {
    it(`tells ${header} lines apart and splits off the header: the message is what is left`, () => {
      const lines = linesIn(header, 300);
      assert.equal(detectFormat(lines.map((l) => l.line)).name, format);
      const parser = new LineParser(detectFormat(lines.map((l) => l.line)), 2026);
      for (const l of lines) {
        const parsed = parser.parse(l.line);
        assert.equal(parsed.message, l.message, l.line);
        assert.ok(parsed.timestampText, `a timestamp in ${l.line}`);
      }
    });
  }

  it('reads levels as one scale (WARN, W, warning → warn) where the format has them', () => {
    for (const header of ['log4j', 'logcat', 'apacheError', 'json', 'pino']) {
      const lines = linesIn(header, 50);
      const parser = new LineParser(detectFormat(lines.map((l) => l.line)));
      for (const l of lines) assert.equal(parser.parse(l.line).level, l.level, l.line);
    }
  });

  it('reads a JSON line\'s time as a timestamp: ISO text (zoned) or epoch milliseconds', () => {
    for (const header of ['json', 'pino']) {
      const lines = linesIn(header, 20);
      const parser = new LineParser(detectFormat(lines.map((l) => l.line)));
      for (const l of lines) assert.deepEqual(parser.time(parser.parse(l.line)), { ms: l.ms, zoned: true }, l.line);
    }
  });

  it('falls back to plain (the whole line is the message) for text in no known format', () => {
    const lines = generateMessages(100).map((l) => l.message);
    const format = detectFormat(lines);
    assert.equal(format.name, 'plain');
    assert.equal(new LineParser(format).parse(lines[0]!).message, lines[0]);
  });

  it('a line the format does not match (a stack trace) is all message', () => {
    const lines = linesIn('log4j', 50).map((l) => l.line);
    const parser = new LineParser(detectFormat(lines));
    assert.deepEqual(parser.parse('\tat com.example.Service.run(Service.java:42)'), { message: '\tat com.example.Service.run(Service.java:42)' });
  });

  it('detects the format again when a concatenated log changes format', () => {
    const first = linesIn('logcat', 300).map((l) => l.line);
    const second = linesIn('syslog', 3 * RECHECK_LINES, 2);
    const parser = new LineParser(detectFormat(first));
    for (const line of first) parser.parse(line);
    for (const l of second) parser.parse(l.line);
    assert.equal(parser.format.name, 'syslog');
    assert.equal(parser.parse(second[second.length - 1]!.line).message, second[second.length - 1]!.message);
  });
});

describe('log timestamps', () => {
  const utc = (...parts: [number, number, number, number, number, number, number?]) => Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], parts[6] ?? 0);
  const cases: [string, number, boolean][] = [
    ['2026-03-14T09:26:53.589Z', utc(2026, 3, 14, 9, 26, 53, 589), true],
    ['2026-03-14T11:26:53.589+02:00', utc(2026, 3, 14, 9, 26, 53, 589), true],
    ['2026-03-14 04:26:53,589 -0500', utc(2026, 3, 14, 9, 26, 53, 589), true],
    ['2026-03-14 09:26:53,589', utc(2026, 3, 14, 9, 26, 53, 589), false],
    ['2005-06-03-15.42.50.675872', utc(2005, 6, 3, 15, 42, 50, 675), false],
    ['17/06/09 20:10:40', utc(2017, 6, 9, 20, 10, 40), false],
    ['2024/03/01 12:00:00', utc(2024, 3, 1, 12, 0, 0), false],
    ['081109 203615', utc(2008, 11, 9, 20, 36, 15), false],
    ['20171223-22:15:29:606', utc(2017, 12, 23, 22, 15, 29, 606), false],
    ['20171223-22:16:0:849', utc(2017, 12, 23, 22, 16, 0, 849), false],
    ['Sun Dec 04 04:47:44 2005', utc(2005, 12, 4, 4, 47, 44), false],
    ['10/Oct/2000:13:55:36 -0700', utc(2000, 10, 10, 20, 55, 36), true],
    ['Jun 14 15:16:01', utc(2026, 6, 14, 15, 16, 1), false],
    ['Jul  1 09:00:55', utc(2026, 7, 1, 9, 0, 55), false],
    ['03-17 16:13:38.811', utc(2026, 3, 17, 16, 13, 38, 811), false],
    ['10.30 16:49:06', utc(2026, 10, 30, 16, 49, 6), false],
    ['1117838570', 1117838570000, true],
    ['1700000000123', 1700000000123, true],
  ];
  for (const [text, ms, zoned] of cases) {
    it(`${text} → ${new Date(ms).toISOString()}${zoned ? ' (UTC)' : ' (local-naive)'}`, () => {
      assert.deepEqual(parseLogTime(text, 2026), { ms, zoned });
    });
  }

  it('refuses out-of-range fields and unknown shapes', () => {
    for (const text of ['2026-13-01 00:00:00', '2026-02-30 10:00:00', 'yesterday', '99:99:99', 'Foo 12 10:00:00']) assert.equal(parseLogTime(text, 2026), undefined, text);
  });

  it('a parser for one log gives the same answers as parsing each timestamp alone, whatever the order of shapes', () => {
    const parser = new LogTimeParser(2026);
    for (const [text] of [...cases, ...cases.slice().reverse()]) assert.deepEqual(parser.parse(text), parseLogTime(text, 2026), text);
  });
});

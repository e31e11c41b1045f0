import * as assert from 'node:assert/strict';
import { detectFormat, LineParser, RECHECK_LINES } from '../../../../src/core/logs/formats/detect';
import { LOG_FORMATS, PLAIN } from '../../../../src/core/logs/formats/formats';
import { isoTime, LogTimeParser, parseLogTime } from '../../../../src/core/logs/timestamps';
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

  it('reads each format\'s fields by group number exactly as its named groups hold them', () => {
    const samples = [
      ...Object.keys(HEADERS).flatMap((header) => linesIn(header, 40).map((l) => l.line)),
      '03-17 16:13:38.811  1702  2395 D WindowManager: message',
      '10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5',
      '[Sun Dec 04 04:47:44 2005] [error] [pid 12:tid 34] [client 1.2.3.4] message',
      '2024/03/01 12:00:00 [error] 123#0: *5 message',
      '2016-09-28 04:30:30, Info                  CBS    message',
      '<34>1 2003-10-11T22:14:15.003Z host app 1234 ID47 [sd] message',
      '- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO message',
      '- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]: session closed',
      '460 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change',
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown',
      '20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579',
      '[10.30 16:49:06] chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy',
      '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster',
      'Jun 14 15:16:01 sshd[123]: message',
      '[2024-03-01 12:00:00] WARNING: message',
      '1700000000.123 [error] message',
    ];
    let matched = 0;
    for (const format of [...LOG_FORMATS, PLAIN]) {
      if (!format.source) continue;
      const regex = new RegExp(format.source);
      for (const line of samples) {
        const groups = regex.exec(line)?.groups;
        const fields = format.match(line);
        if (groups) matched++;
        assert.deepEqual(fields, groups && { ts: groups.ts, level: groups.level, component: groups.component, msg: groups.msg }, `${format.name}: ${line}`);
        // The line parser reads the same fields from the match by number, and knows the message ends the line.
        const parser = new LineParser(format);
        const parsed = parser.parse(line);
        assert.equal(parsed.message, fields ? (fields.msg ?? '') : line, `${format.name}: ${line}`);
        assert.equal(parsed.timestampText, fields?.ts);
        assert.equal(parsed.component, fields?.component);
        assert.ok(parser.messageAtEnd && line.endsWith(parsed.message), `${format.name}: ${line}`);
      }
    }
    assert.ok(matched > samples.length, 'the samples match formats');
  });

  it('a header never takes the whole message: a lone word after the level, or before a bracket at the end, is the message', () => {
    const lines = ['2024-03-01 12:00:00,123 INFO Started', '2024-03-01 12:00:01,123 WARN Retrying [attempt 3]', '2024-03-01 12:00:02,123 ERROR com.example.Db:',
      '2024-03-01 12:00:03,123 INFO com.example.App: user logged in', '2017-05-16 00:00:00.008 25746 INFO nova.api [req-1 - -] GET /v2'];
    const parser = new LineParser(detectFormat(lines));
    assert.equal(parser.format.name, 'log4j');
    const parsed = lines.map((line) => parser.parse(line));
    assert.deepEqual(parsed.map((p) => [p.message, p.component, p.level]), [
      ['Started', undefined, 'info'], ['Retrying [attempt 3]', undefined, 'warn'], ['com.example.Db:', undefined, 'error'],
      ['user logged in', 'com.example.App', 'info'], ['GET /v2', 'nova.api', 'info'],
    ]);
  });

  it('reads a zone written after a space (logback\'s %d{yyyy-MM-dd HH:mm:ss.SSS Z}, UTC, GMT) as part of the timestamp', () => {
    const cases: [string, number, string | undefined, string][] = [
      ['2024-03-01 12:00:00.123 +0530 INFO [main] c.F - started', Date.UTC(2024, 2, 1, 6, 30, 0, 123), 'info', 'started'],
      ['2024-03-01 12:00:01.123 -08:00 WARN [main] c.F - slow', Date.UTC(2024, 2, 1, 20, 0, 1, 123), 'warn', 'slow'],
      ['2024-03-01 12:00:02.123 UTC ERROR [main] c.F - failed', Date.UTC(2024, 2, 1, 12, 0, 2, 123), 'error', 'failed'],
      ['2024-03-01 12:00:03 GMT INFO [main] c.F - done', Date.UTC(2024, 2, 1, 12, 0, 3), 'info', 'done'],
    ];
    const parser = new LineParser(detectFormat(cases.map(([line]) => line)));
    assert.equal(parser.format.name, 'log4j');
    for (const [line, ms, level, message] of cases) {
      const parsed = parser.parse(line);
      assert.deepEqual([parser.time(parsed), parsed.level, parsed.message], [{ ms, zoned: true }, level, message], line);
    }
    // A word that merely starts like a zone is the message's.
    const plain = new LineParser(detectFormat(['2024-03-01 12:00:00 Zookeeper started', '2024-03-01 12:00:00 UTCTimer fired']));
    assert.equal(plain.parse('2024-03-01 12:00:00 Zookeeper started').message, 'Zookeeper started');
    assert.equal(plain.parse('2024-03-01 12:00:00 UTCTimer fired').message, 'UTCTimer fired');
  });

  it('reads syslog timestamps with a fraction of a second (journalctl -o short-precise)', () => {
    const lines = ['Mar 01 12:00:00.123456 host sshd[1]: Accepted publickey for root', 'Mar 01 12:00:01.5 host sshd[1]: Disconnected'];
    const parser = new LineParser(detectFormat(lines), 2024);
    assert.equal(parser.format.name, 'syslog');
    const parsed = lines.map((line) => parser.parse(line));
    assert.deepEqual(parsed.map((p) => [p.component, p.message, parser.time(p)?.ms]), [
      ['sshd', 'Accepted publickey for root', Date.UTC(2024, 2, 1, 12, 0, 0, 123)], ['sshd', 'Disconnected', Date.UTC(2024, 2, 1, 12, 0, 1, 500)],
    ]);
  });

  it('reads epoch timestamps in micro- and nanoseconds and fractional milliseconds, in lines and in JSON, to the millisecond below', () => {
    const ms = 1709294400123;
    const lines = ['1709294400123456 INFO started', '1709294400123999999 WARN slow', '1709294400123.456 ERROR failed'];
    const parser = new LineParser(detectFormat(lines));
    assert.equal(parser.format.name, 'epoch');
    for (const line of lines) assert.deepEqual(parser.time(parser.parse(line)), { ms, zoned: true }, line);
    // A JSON number of nanoseconds is past a double's exact integers (1709294400123999999 parses as …124000000).
    const json = ['{"ts":1709294400123999999,"msg":"a"}', '{"msg":"ts","ts" : 1709294400123999999}', '{"ts":1709294400123.456,"msg":"c"}', '{"ts":"1709294400123456","msg":"d"}'];
    const jsonParser = new LineParser(detectFormat(json));
    assert.equal(jsonParser.format.name, 'json');
    for (const line of json) assert.deepEqual(jsonParser.time(jsonParser.parse(line)), { ms, zoned: true }, line);
  });

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

  /** A log4j error line and its Java stack trace: 32 lines, one of them with a header. */
  const exception = (ms: number) => [
    HEADERS.log4j!(ms, 'error', 'connection failed'),
    'java.sql.SQLException: timeout',
    ...Array.from({ length: 28 }, (_, k) => `\tat com.example.Db.f${k}(Db.java:${k + 1})`),
    'Caused by: java.net.SocketTimeoutException: Read timed out',
    '\t... 12 more',
  ];

  it('leaves stack-trace lines out of detection: a log opening on exceptions is told by its headers', () => {
    const lines = [...Array.from({ length: 10 }, (_, i) => exception(START + i * 1000)).flat(), ...linesIn('log4j', 500).map((l) => l.line)];
    assert.equal(detectFormat(lines.slice(0, 200)).name, 'log4j');
    // Python and .NET traces too, indented or not.
    const python = ['Traceback (most recent call last):', '  File "app.py", line 3, in <module>', '    main()', 'ValueError: bad'];
    const dotnet = ['System.InvalidOperationException: bad state', '   at Shop.Cart.Add(Item item) in C:\\src\\Cart.cs:line 12', '   --- End of inner exception stack trace ---'];
    const mixed = linesIn('log4j', 10).flatMap((l, i) => [l.line, ...(i % 2 ? python : dotnet), ...python, ...dotnet]);
    assert.equal(detectFormat(mixed).name, 'log4j');
  });

  it('a log that opens unformatted is detected again from later samples, alike on every pass', () => {
    const banner = generateMessages(700, 3).map((l) => l.message);
    const lines = linesIn('log4j', 2000);
    const parse = () => {
      const parser = new LineParser(detectFormat(banner.slice(0, 200)), 2026);
      const results = [...banner, ...lines.map((l) => l.line)].map((line) => ({ ...parser.parse(line) }));
      return { parser, results };
    };
    const { parser, results } = parse();
    assert.equal(parser.initial.name, 'plain');
    assert.equal(parser.format.name, 'log4j');
    const last = results[results.length - 1]!;
    assert.equal(last.message, lines[lines.length - 1]!.message);
    assert.equal(last.level, lines[lines.length - 1]!.level);
    assert.deepEqual(parse().results, results);
  });

  it('a plain log is still watched for a format, from samples at growing intervals: not every line is tested', () => {
    const json = LOG_FORMATS.find((f) => f.name === 'json')! as { match: (line: string) => unknown };
    const match = json.match;
    let tested = 0;
    json.match = (line) => (tested++, match(line));
    try {
      const parser = new LineParser(PLAIN);
      const lines = generateMessages(2000).map((l) => l.message);
      for (let i = 0; i < 100_000; i++) parser.parse(lines[i % lines.length]!);
      assert.equal(parser.format.name, 'plain');
    } finally {
      json.match = match;
    }
    assert.ok(tested > 0 && tested < 5000, `${tested} lines tested`);
  });
});

describe('log timestamps', () => {
  const utc = (...parts: [number, number, number, number, number, number, number?]) => Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], parts[6] ?? 0);
  const cases: [string, number, boolean][] = [
    ['2026-03-14T09:26:53.589Z', utc(2026, 3, 14, 9, 26, 53, 589), true],
    ['2026-03-14T11:26:53.589+02:00', utc(2026, 3, 14, 9, 26, 53, 589), true],
    ['2026-03-14 04:26:53,589 -0500', utc(2026, 3, 14, 9, 26, 53, 589), true],
    ['2026-03-14 09:26:53,589', utc(2026, 3, 14, 9, 26, 53, 589), false],
    ['2026-03-14 09:26:53.589 UTC', utc(2026, 3, 14, 9, 26, 53, 589), true],
    ['2026-03-14 09:26:53 GMT', utc(2026, 3, 14, 9, 26, 53), true],
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
    ['2026-03-14T09:26:53.123999999Z', utc(2026, 3, 14, 9, 26, 53, 123), true],
    ['2026-03-14T23:59:59.9999999Z', utc(2026, 3, 14, 23, 59, 59, 999), true],
    ['2026-03-14 23:59:59,999999999', utc(2026, 3, 14, 23, 59, 59, 999), false],
    ['1700000000123456', 1700000000123, true],
    ['1700000000123999999', 1700000000123, true],
    ['1700000000123.999', 1700000000123, true],
  ];
  for (const [text, ms, zoned] of cases) {
    it(`${text} → ${new Date(ms).toISOString()}${zoned ? ' (UTC)' : ' (local-naive)'}`, () => {
      assert.deepEqual(parseLogTime(text, 2026), { ms, zoned });
    });
  }

  it('refuses out-of-range fields and unknown shapes', () => {
    for (const text of ['2026-13-01 00:00:00', '2026-02-30 10:00:00', 'yesterday', '99:99:99', 'Foo 12 10:00:00']) assert.equal(parseLogTime(text, 2026), undefined, text);
  });

  it('reads ISO timestamps by hand exactly as the regular expression and Date.UTC read them (fractions, zones, leap seconds, rollovers)', () => {
    // The rule as written before the hand-read fast path: the reference.
    const reference = (text: string) => {
      const m = /^(\d{4})-(\d\d)-(\d\d)[T _-](\d\d)[:.](\d\d)[:.](\d\d)(?:[.,](\d+))?\s?(Z|[+-]\d\d:?\d\d)?$/.exec(text);
      if (!m) return undefined;
      const [year, month, day, hour, minute, second] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!];
      if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
      // The milliseconds are the fraction's first three digits: floored, whatever its length.
      const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
      const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
      if (Number.isNaN(wall) || (hour < 24 && new Date(wall).getUTCDate() !== day)) return undefined;
      const z = m[8] === undefined ? undefined : m[8] === 'Z' ? 0 : (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(-2)));
      return z === undefined ? { ms: wall, zoned: false } : { ms: wall - z * 60_000, zoned: true };
    };
    const texts = ['2026-03-14T09:26:53Z', '2026-06-30T23:59:60Z', '0050-01-01 00:00:00', '2024-02-29T23:59:60.999Z', '2023-02-29T10:00:00', '2026-02-30T24:00:00',
      '2026-12-31T23:59:60.9999999Z', '2026-01-01T24:00:00.5+01:00', '2026-01-01T00:00:00 +0530', '2026-01-01T00:00:00\t+0530',
      '2026-01-01T00:00:00.', '2026-01-01T00:00:00.1 ', '2026-01-01T00:00:00+1', '2026-01-01x00:00:00', '2026-1-01T00:00:00', '9999-12-31T23:59:59.999-23:59'];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    for (let i = 0; i < 20_000; i++) {
      const fraction = next(3) === 0 ? '' : `${'.,'[next(2)]}${pad(next(10 ** 7), 1 + next(9)).slice(0, 1 + next(9))}`;
      const zone = ['', 'Z', `+${pad(next(24), 2)}:${pad(next(60), 2)}`, `-${pad(next(24), 2)}${pad(next(60), 2)}`, ` +0${next(10)}00`][next(5)];
      texts.push(`${pad(1960 + next(80), 4)}-${pad(next(14), 2)}-${pad(next(33), 2)}${'T _-'[next(4)]}${pad(next(26), 2)}${':.'[next(2)]}${pad(next(61), 2)}:${pad(next(62), 2)}${fraction}${zone}`);
    }
    for (let digits = 1; digits <= 6; digits++) for (let n = 0; n < 10 ** digits; n += digits < 4 ? 1 : 7) texts.push(`2026-03-14T09:26:53.${pad(n, digits)}Z`);
    for (const text of texts) {
      const fast = isoTime(text);
      assert.deepEqual(fast === null ? parseLogTime(text, 2026) : fast, reference(text), text);
    }
  });

  it('a parser for one log gives the same answers as parsing each timestamp alone, whatever the order of shapes', () => {
    // (Dates without a year aside: their year follows the log's order, tested below.)
    const dated = cases.filter(([text]) => !/^(?:[A-Z][a-z]{2} |\d\d[-.]\d\d )/.test(text));
    const parser = new LogTimeParser(2026);
    for (const [text] of [...dated, ...dated.slice().reverse()]) assert.deepEqual(parser.parse(text), parseLogTime(text, 2026), text);
  });

  it('a date without a year is never in the future: read in January, December is last year\'s', () => {
    const january = Date.UTC(2025, 0, 10, 8);
    const times = (texts: string[], now: number) => {
      const parser = new LogTimeParser(undefined, now);
      return texts.map((text) => new Date(parser.parse(text)!.ms).toISOString());
    };
    assert.deepEqual(times(['Dec 31 23:59:58'], january), ['2024-12-31T23:59:58.000Z']);
    assert.deepEqual(times(['Jan 10 20:00:00', '01-11 01:00:00.000'], january), ['2025-01-10T20:00:00.000Z', '2025-01-11T01:00:00.000Z']);
    assert.deepEqual(times(['Jan 12 00:00:00'], january), ['2024-01-12T00:00:00.000Z']);
  });

  it('a log running from December into January rolls into the next year; lines a little out of order stay in theirs', () => {
    const texts = ['Dec 31 23:59:58', 'Jan  1 00:00:01', 'Feb  1 00:00:00', 'Jan 31 23:59:59', 'Dec 30 10:00:00'];
    const expected = ['2024-12-31T23:59:58.000Z', '2025-01-01T00:00:01.000Z', '2025-02-01T00:00:00.000Z', '2025-01-31T23:59:59.000Z', '2025-12-30T10:00:00.000Z'];
    const parser = new LineParser(detectFormat(texts.map((t) => `${t} host app[1]: message`)), 2024);
    assert.deepEqual(texts.map((t) => new Date(parser.time(parser.parse(`${t} host app[1]: message`))!.ms).toISOString()), expected);
    // Read in March 2025 without a year given: the same.
    const now = new LogTimeParser(undefined, Date.UTC(2025, 2, 1));
    assert.deepEqual(texts.slice(0, 4).map((t) => new Date(now.parse(t)!.ms).toISOString()), expected.slice(0, 4));
  });
});

// Log line formats, lnav-style: each one a regular expression whose named groups are the header fields. The header
// (timestamp, level, pid/tid, host, component/logger) is recognised here so pattern mining sees the message alone.
// Named groups: ts (timestamp text, parsed by ../timestamps.ts), level, pid, tid, host, component, msg (the rest).

/** A line's header fields and message (absent fields: the format has none, or this line left them out). */
export interface LineFields {
  ts?: string;
  level?: string;
  component?: string;
  msg?: string;
}

export interface LogFormat {
  readonly name: string;
  /** The line's fields, or undefined when the line is not in this format. */
  readonly match: (line: string) => LineFields | undefined;
  /** The regular expression, for a format that is one (its named groups are the fields). */
  readonly source?: string;
  /** Whether a line's message, when it has one, is the line's end (the expression ends with the msg group and $). */
  readonly messageAtEnd?: boolean;
  /** For a format that is a regular expression: its match, and the number of each field's group (0: none). The
   * line parser reads them from the match itself, without match()'s object. */
  readonly exec?: (line: string) => RegExpExecArray | null;
  readonly groups?: { readonly ts: number; readonly level: number; readonly component: number; readonly msg: number };
}

/** Level words as loggers print them (log4j, syslog severities, Python, Windows CBS, Apache). */
const LEVEL = '(?<level>TRACE|DEBUG|FINE|FINER|FINEST|CONFIG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|ALERT|EMERG|Trace|Debug|Info|Notice|Warn|Warning|Error|Fatal|Critical|trace|debug|info|notice|warn|warning|error|fatal|critical)';
/** Date-and-time shapes a line can start with (see ../timestamps.ts for their parsing). */
/** (A zone may follow a space, as logback's %d{… Z} writes it; a word after the time merely starting like one is no zone.) */
const ISO_TS = '\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?: ?(?:Z|UTC|GMT|[+-]\\d\\d:?\\d\\d)(?!\\w))?';
const LEADING_TS = `(?:${ISO_TS}|\\d{2,4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?|\\d{6} \\d{6}|\\d{8}-\\d{1,2}:\\d{1,2}:\\d{1,2}(?:[:.]\\d+)?)`;
/** (With a fraction as journalctl -o short-precise and rsyslog's high-precision template write it.) */
const SYSLOG_TS = '\\w{3} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?';
/** A thread or context in brackets, one level of nested brackets allowed ([QuorumPeer[myid=1]/0:0:0:0:2181]). */
const BRACKETED = '\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]';
/** A logger or component name: dotted Java/Python names, with $ and @line suffixes. */
const LOGGER = '[A-Za-z_$][\\w.$@/-]*';

const FIELDS = ['ts', 'level', 'component', 'msg'] as const;

/**
 * The number of each named group of `source` (groups are numbered by their opening parenthesis, named or not).
 * The match reads the fields by number: a regular expression's `groups` object costs more than the match itself
 * on a log's millions of lines.
 */
function groupNumbers(source: string): Map<string, number> {
  const numbers = new Map<string, number>();
  let group = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      if (source[i + 1] !== '?') group++;
      else if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') numbers.set(source.slice(i + 3, source.indexOf('>', i)), ++group);
    }
  }
  return numbers;
}

/** `source` with its named groups unnamed: the same groups by number, but a match builds no `groups` object (which
 * V8 builds on every match of a regular expression with named groups, whether read or not). */
const unnamed = (source: string) => source.replace(/\(\?<(?=[A-Za-z_$])[\w$]+>/g, '(');

const format = (name: string, source: string): LogFormat => {
  const regex = new RegExp(unnamed(source));
  const numbers = groupNumbers(source);
  const [ts, level, component, msg] = FIELDS.map((field) => numbers.get(field) ?? 0);
  return {
    name,
    source,
    // …(?<msg>".*)$ or …(?:…(?<msg>.*))?$: the group reaches the end of the line.
    messageAtEnd: /\(\?<msg>[^()]*\.\*\)(?:\)\?)?\$$/.test(source),
    exec: (line) => regex.exec(line),
    groups: { ts, level, component, msg },
    match: (line) => {
      const m = regex.exec(line);
      if (!m) return undefined;
      // Group 0 is the whole match: a field the format lacks reads as undefined instead.
      return { ts: ts ? m[ts] : undefined, level: level ? m[level] : undefined, component: component ? m[component] : undefined, msg: msg ? m[msg] : undefined };
    },
  };
};

const JSON_MESSAGE = ['msg', 'message', 'log', 'text', 'event'];
const JSON_LEVEL = ['level', 'severity', 'lvl', 'loglevel', 'log.level'];
const JSON_TIME = ['time', 'timestamp', 'ts', '@timestamp', 'datetime', 'date'];

function firstField(record: Record<string, unknown>, names: readonly string[], line: string): string | undefined {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : integerAsWritten(line, name, value);
  }
  return undefined;
}

/**
 * The digits of a large integer field as the line writes them: an epoch in nanoseconds (19 digits) is past a
 * double's exact integers, and its parsed value can round up into the next millisecond. The written number is the
 * one that parses to the value (a key of that name elsewhere, in a message or a nested object, is passed over).
 */
function integerAsWritten(line: string, name: string, value: number): string {
  const key = `"${name}"`;
  for (let at = line.indexOf(key); at >= 0; at = line.indexOf(key, at + 1)) {
    const digits = /^\s*:\s*(\d+)/.exec(line.slice(at + key.length, at + key.length + 48))?.[1];
    if (digits !== undefined && Number(digits) === value) return digits;
  }
  return String(value);
}

/** JSON lines (structured logging: Go's zap/logrus, pino, bunyan, ECS): one object per line. */
const jsonLines: LogFormat = {
  name: 'json',
  match: (line) => {
    const text = line.trim();
    if (text.charCodeAt(0) !== 123 || text.charCodeAt(text.length - 1) !== 125) return undefined;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
    const fields = record as Record<string, unknown>;
    // Without a message field the whole line is the message: its keys are then the pattern's constant part.
    return { msg: firstField(fields, JSON_MESSAGE, line) ?? line, level: firstField(fields, JSON_LEVEL, line), ts: firstField(fields, JSON_TIME, line) };
  },
};

/** Most specific first: detection breaks ties in this order. */
export const LOG_FORMATS: readonly LogFormat[] = [
  jsonLines,
  // Android logcat (threadtime): 03-17 16:13:38.811  1702  2395 D WindowManager: message
  format('logcat', '^(?<ts>\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3})\\s+(?<pid>\\d+)\\s+(?<tid>\\d+)\\s+(?<level>[VDIWEFA])\\s+(?<component>[^:]*?)\\s*:\\s?(?<msg>.*)$'),
  // Apache/nginx access log (common/combined): host ident user [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 …
  // (or an ISO 8601 time in the brackets, as many proxies write)
  format('access-log', `^(?<host>\\S+) \\S+ \\S+ \\[(?<ts>\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}|${ISO_TS})\\] (?<msg>".*)$`),
  // Apache error log: [Sun Dec 04 04:47:44 2005] [error] [pid 12:tid 34] [client 1.2.3.4] message
  format('apache-error', '^\\[(?<ts>\\w{3} \\w{3} +\\d{1,2} \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)? \\d{4})\\] \\[(?:\\w+:)?(?<level>\\w+)\\](?: \\[pid (?<pid>\\d+)(?::tid (?<tid>\\d+))?\\])?(?: \\[client (?<host>[^\\]]+)\\])? ?(?<msg>.*)$'),
  // nginx error log: 2024/03/01 12:00:00 [error] 123#0: *5 message
  format('nginx-error', '^(?<ts>\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d) \\[(?<level>\\w+)\\] (?<pid>\\d+)#(?<tid>\\d+): (?:\\*\\d+ )?(?<msg>.*)$'),
  // Windows CBS: 2016-09-28 04:30:30, Info                  CBS    message
  format('windows-cbs', '^(?<ts>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d), (?<level>\\w+)\\s+(?<component>\\S+)(?:\\s+(?<msg>.*))?$'),
  // Syslog RFC 5424: <34>1 2003-10-11T22:14:15.003Z host app 1234 ID47 [sd] message
  format('syslog-5424', '^<\\d{1,3}>1 (?<ts>\\S+) (?<host>\\S+) (?<component>\\S+) (?<pid>\\S+) \\S+ (?:-|(?:\\[[^\\]]*\\])+) ?(?<msg>.*)$'),
  // Loghub's supercomputer logs (BGL): label epoch date node time node type component level message
  format('bgl', '^\\S+ \\d{10} \\d{4}\\.\\d\\d\\.\\d\\d (?<host>\\S+) (?<ts>\\d{4}-\\d\\d-\\d\\d-\\d\\d\\.\\d\\d\\.\\d\\d\\.\\d+) \\S+ \\S+ (?<component>\\S+) (?<level>\\S+) (?<msg>.*)$'),
  // Loghub's Thunderbird: label epoch date host Mon D HH:MM:SS host/host program[pid]: message
  format('thunderbird', `^\\S+ \\d{10} \\d{4}\\.\\d\\d\\.\\d\\d (?<host>\\S+) (?<ts>${SYSLOG_TS}) \\S+ (?<component>[^:\\[]+?)(?:\\[(?<pid>\\d+)\\])?: ?(?<msg>.*)$`),
  // Loghub's HPC: id node component state epoch flag message
  format('hpc', '^\\d+ (?<host>\\S+) (?<component>\\S+) \\S+ (?<ts>\\d{10}) -?\\d+ (?<msg>.*)$'),
  // Syslog RFC 3164 (also macOS): Jun 14 15:16:01 host program(sub)[pid] (addr): message
  format('syslog', `^(?:<\\d{1,3}>)?(?<ts>${SYSLOG_TS}) (?<host>\\S+) (?<component>[^:\\[\\s][^:\\[]*?)(?:\\[(?<pid>\\d+)\\])?(?: \\([^)]*\\))?: ?(?<msg>.*)$`),
  // Pipe-separated: 20171223-22:15:29:606|Component|pid|message
  format('pipe', `^(?<ts>${LEADING_TS})\\|(?<component>[^|]*)\\|(?<pid>\\d+)\\|(?<msg>.*)$`),
  // Proxifier-style: [10.30 16:49:06] program - message
  format('bracket-program', '^\\[(?<ts>\\d\\d[.-]\\d\\d \\d\\d:\\d\\d:\\d\\d)\\] (?<component>.+?) - (?<msg>.*)$'),
  // log4j / logback / Python logging / OpenStack (oslo.log) / HDFS / Spark / Zookeeper, and their common variants:
  //   [source] timestamp [pid] [-] [[thread]] LEVEL [[thread] [-]] [logger: | logger - | logger [ctx]] [[ctx]] message
  // (a logger is followed by its separator and more text: a lone word, "Started", is the message)
  format('log4j', `^(?:(?<source>\\S+) )?(?<ts>${LEADING_TS})\\s+(?:(?<pid>\\d+)\\s+)?(?:-\\s+)?(?:${BRACKETED}\\s+)?${LEVEL}:?\\s+(?:-\\s+)?(?:(?<thread>${BRACKETED})\\s+(?:-\\s+)?)?(?:(?<component>${LOGGER})(?::\\s|\\s+-\\s|\\s+(?=\\[[^\\]]*\\]\\s?\\S)))?(?:\\[[^\\]]*\\]\\s?)?(?<msg>.*)$`),
  // Syslog-like without a host: Jun 14 15:16:01 program[pid]: message
  format('syslog-nohost', `^(?<ts>${SYSLOG_TS}) (?<component>[^:\\[\\s]+)(?:\\[(?<pid>\\d+)\\])?: ?(?<msg>.*)$`),
  // A timestamp, an optional level, then the message (anything else that starts with a known timestamp).
  format('timestamped', `^\\[?(?<ts>${LEADING_TS}|${SYSLOG_TS})\\]?\\s+(?:\\[?${LEVEL}\\]?:?\\s+)?(?<msg>.*)$`),
  // Epoch seconds, milliseconds, microseconds or nanoseconds first: 1700000000.123 message
  format('epoch', '^(?<ts>\\d{10}(?:\\.\\d+)?|\\d{13}(?:\\d{3}|\\d{6}|\\.\\d+)?)\\s+(?:\\[?' + LEVEL + '\\]?:?\\s+)?(?<msg>.*)$'),
];

/** The format of a line that matches none: the whole line is the message. */
export const PLAIN: LogFormat = format('plain', '^(?<msg>.*)$');

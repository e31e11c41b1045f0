// Logs generated from templates with random variables, for the miner's tests: each line knows the template it came
// from, so a test can check the grouping the miner finds against the truth. Seeded: the same log on every run.
import { SeededRandom } from '../../../../src/core/demo/random';

/** A seeded random source (the demo data's mulberry32). */
export function seeded(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

export type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, max: number) => Math.floor(random() * max);

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'qua', 'bri', 'dex'];
/** A word with no digit, different most times: what a user name or host label looks like. */
const word = (random: Random) => Array.from({ length: 2 + int(random, 3) }, () => pick(random, SYLLABLES)).join('');

/** Variable generators by kind: the shapes a log's variables take. */
export const VARIABLES: Record<string, (random: Random) => string> = {
  int: (r) => String(int(r, 100_000)),
  float: (r) => (r() * 1000).toFixed(3),
  hex: (r) => `0x${int(r, 0xffffff).toString(16)}`,
  ip: (r) => `10.${int(r, 256)}.${int(r, 256)}.${int(r, 256)}`,
  endpoint: (r) => `${word(r)}.example.net:${1024 + int(r, 60_000)}`,
  uuid: (r) => [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => int(r, 16).toString(16)).join('')).join('-'),
  path: (r) => `/var/${word(r)}/${word(r)}.dat`,
  url: (r) => `https://${word(r)}.example.org/${word(r)}?id=${int(r, 999)}`,
  duration: (r) => `${int(r, 5000)}ms`,
  user: (r) => word(r),
  email: (r) => `${word(r)}@example.com`,
  list: (r) => Array.from({ length: 1 + int(r, 4) }, () => String(int(r, 9999))).join(' '),
};

export interface Template {
  /** Text with {kind} placeholders (VARIABLES' keys). */
  readonly text: string;
  /** Relative frequency. */
  readonly weight: number;
}

/** Events of a made-up service: states and verbs that tell events apart, variables of every kind. */
export const TEMPLATES: readonly Template[] = [
  { text: 'Accepted connection from {ip} port {int}', weight: 20 },
  { text: 'Connection from {ip} closed after {duration}', weight: 20 },
  { text: 'User {user} logged in from {ip}', weight: 15 },
  { text: 'User {user} logged out', weight: 15 },
  { text: 'Session {uuid} opened for user {user}', weight: 10 },
  { text: 'Session {uuid} closed for user {user}', weight: 10 },
  { text: 'Cache hit ratio {float} for region {hex}', weight: 8 },
  { text: 'Wrote {int} bytes to {path}', weight: 8 },
  { text: 'Fetching {url} took {duration}', weight: 6 },
  { text: 'Upstream {endpoint} unreachable, retrying in {int} s', weight: 5 },
  { text: 'Deleting blocks {list}', weight: 4 },
  { text: 'Mail queued for {email} with id {hex}', weight: 4 },
  { text: 'worker pool resized: active={int}, idle={int}, enabled=true', weight: 3 },
  { text: 'worker pool resized: active={int}, idle={int}, enabled=false', weight: 3 },
  { text: 'Health check passed', weight: 3 },
  { text: 'Health check failed', weight: 2 },
  { text: 'Configuration reloaded', weight: 1 },
];

export interface GeneratedLine {
  readonly message: string;
  /** Index into the templates. */
  readonly template: number;
}

export function generateMessages(count: number, seed = 1, templates: readonly Template[] = TEMPLATES): GeneratedLine[] {
  const random = seeded(seed);
  const total = templates.reduce((sum, t) => sum + t.weight, 0);
  const lines: GeneratedLine[] = [];
  for (let i = 0; i < count; i++) {
    let x = random() * total;
    let template = 0;
    while ((x -= templates[template]!.weight) > 0) template++;
    const message = templates[template]!.text.replace(/\{(\w+)\}/g, (_, kind: string) => VARIABLES[kind]!(random));
    lines.push({ message, template });
  }
  return lines;
}

/** The template with its placeholders as the miner writes variables (<*>). */
export const expectedTemplate = (template: Template) => template.text.replace(/\{\w+\}/g, '<*>');

/** Header writers: a line in each format, for a message at a time (ms since the epoch) and a level. */
export const HEADERS: Record<string, (ms: number, level: string, message: string) => string> = {
  log4j: (ms, level, message) => `${iso(ms).replace('T', ' ').replace('.', ',').slice(0, 23)} ${level.toUpperCase().padEnd(5)} [main-${level.length}] com.example.Service: ${message}`,
  isoZoned: (ms, level, message) => `${iso(ms)} ${level.toUpperCase()} ${message}`,
  syslog: (ms, _level, message) => `${syslogTime(ms)} host-${(ms / 1000) % 7 | 0} daemon[${1000 + ((ms / 1000) % 50 | 0)}]: ${message}`,
  logcat: (ms, level, message) => `${iso(ms).slice(5, 10)} ${iso(ms).slice(11, 23)}  1702  2395 ${level[0]!.toUpperCase()} ActivityManager: ${message}`,
  apacheError: (ms, level, message) => `[${ctime(ms)}] [${level}] ${message}`,
  cbs: (ms, level, message) => `${iso(ms).slice(0, 10)} ${iso(ms).slice(11, 19)}, ${level[0]!.toUpperCase()}${level.slice(1)}                  CBS    ${message}`,
  json: (ms, level, message) => JSON.stringify({ time: iso(ms), level, logger: 'shop', msg: message, pid: 4242 }),
  pino: (ms, level, message) => JSON.stringify({ level: { debug: 20, info: 30, warn: 40, error: 50 }[level], time: ms, msg: message }),
  pipe: (ms, _level, message) => `${iso(ms).slice(0, 10).replaceAll('-', '')}-${iso(ms).slice(11, 19)}:${ms % 1000}|Step_Component|30002312|${message}`,
};

const iso = (ms: number) => new Date(ms).toISOString();
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function syslogTime(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${iso(ms).slice(11, 19)}`;
}
function ctime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${iso(ms).slice(11, 19)} ${d.getUTCFullYear()}`;
}

/** Grouping accuracy as the loghub benchmark defines it: a line counts when its predicted group is exactly its true one. */
export function groupingAccuracy(truth: readonly number[], predicted: readonly (number | string)[]): number {
  const groups = (ids: readonly (number | string)[]) => {
    const map = new Map<number | string, number[]>();
    ids.forEach((id, line) => {
      let list = map.get(id);
      if (!list) map.set(id, (list = []));
      list.push(line);
    });
    return map;
  };
  const truthGroups = groups(truth);
  let correct = 0;
  for (const lines of groups(predicted).values()) {
    const events = new Set(lines.map((l) => truth[l]));
    if (events.size === 1 && truthGroups.get(truth[lines[0]!]!)!.length === lines.length) correct += lines.length;
  }
  return correct / truth.length;
}

/** A log of `count` generated messages in a HEADERS format (or 'plain': the messages alone), one per line. */
export function generatedLogText(header: string, count: number, seed = 1): string {
  const start = Date.UTC(2026, 2, 14, 9, 0, 0);
  const levels = ['info', 'warn', 'error', 'debug'];
  return generateMessages(count, seed)
    .map((l, i) => (header === 'plain' ? l.message : HEADERS[header]!(start + i * 1500, levels[i % levels.length]!, l.message)))
    .join('\n');
}

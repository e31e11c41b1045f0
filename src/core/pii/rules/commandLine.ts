// Passwords in the places tools take them that have no key name: a command's password option or argument
// (ldapsearch -w, redis-cli -a, mysql -p…, sshpass -p, curl -u user:password, docker login -p, sqlcmd -P,
// smbclient -U user%password, psexec -p, net user NAME PASSWORD, schtasks /rp, ConvertTo-SecureString "…"
// -AsPlainText, htpasswd -b, rabbitmqctl add_user, vault login, az login -p, aws configure set, openssl enc -k and
// passwd, zip -P, nmcli, wpa_passphrase, snmpwalk -c, ipmitool -P, sqlplus user/password@db, mongo -p, lftp -u,
// xfreerdp /p:, rdesktop -p), a password piped into chpasswd or passwd --stdin, and the last field of a .pgpass line.
// The tool names ride along the key-word pass (secrets.ts) and the hosts along the dotted pass (dotted.ts): one
// pass over the text each, not one more.
import type { PiiType } from '../types';
import type { Emit } from './rule';

/** Where a tool takes its password: the option (or the arguments) before it and, when the value holds user and
 * password together (curl -u user:password, smbclient -U user%password), the character the password follows. */
interface PasswordOption {
  option: RegExp;
  after?: string;
  /** What the value is, from the option's match when not a Password (aws configure set aws_secret_access_key …). */
  type?: (option: RegExpExecArray) => PiiType;
  /** Characters that end the password inside its value (sqlplus user/password@db, "user/password as sysdba"). */
  until?: RegExp;
  /** The tool takes more than one (snmpget's -A and -X): every option on the line is read, not only the first. */
  every?: boolean;
}

/** Oracle's user/password after the option: a user's name, a slash and the password's first character. */
const ORACLE_LOGIN = String.raw`(?=["']?[A-Za-z][\w$#]*\/[^\s@'"/])`;

// Each family's tool names, and where the password is within the same line; the value is quoted or runs to white
// space — or, after a quote never closed on its line (a logger cut the line inside it), to the line's end. The
// bounded gaps keep each match linear. Options are case-sensitive where the tool's are (sqlcmd's -P is the
// password, -p is not); Windows' are not.
const FAMILIES: [names: string, where: PasswordOption][] = [
  ['ldapsearch|ldapmodify|ldapadd|ldapdelete|ldappasswd|ldapwhoami|ldapcompare', { option: /[^\n]{0,300}?[ \t]-w[ \t]*/y }],
  ['redis-cli', { option: /[^\n]{0,300}?[ \t](?:-a|--pass)[ \t]+/y }],
  ['mysqldump|mysqladmin|mysql|mariadb', { option: /[^\n]{0,300}?[ \t](?:-p(?=[^\s-])|--password=)/y }],
  ['sshpass', { option: /[ \t]+-p[ \t]*/y }],
  ['curl', { option: /[^\n]{0,300}?[ \t](?:-u|--user|-U|--proxy-user)(?:[ \t]+|=)/y, after: ':' }],
  // docker run -p publishes a port: only login's -p is a password (its --password is any option's, secrets.ts).
  ['docker|podman|nerdctl|buildah|oras', { option: /[^\n]{0,60}?[ \t]login[ \t](?:[^\n]{0,300}?[ \t])?-p[ \t]+/y }],
  ['sqlcmd|bcp', { option: /[^\n]{0,300}?[ \t]-P[ \t]*/y }],
  ['smbclient', { option: /[^\n]{0,300}?[ \t](?:-U[ \t]*|--user=)/y, after: '%' }],
  ['psexec|psexec64|paexec', { option: /[^\n]{0,300}?[ \t]-p[ \t]+/y }],
  // net user NAME PASSWORD, net use \\host\share /user:NAME PASSWORD (* asks for it). In prose ("the net user
  // count went up") the word after is a word: a password holds something else, or a /switch follows it.
  ['net', { option: /[ \t]+(?:user[ \t]+(?:"[^"\n]{1,100}"|[^\s"/]+)|use[ \t][^\n]{0,300}?\/user:\S+)[ \t]+(?=[^\s/*]*[^A-Za-z\s/*]|[^\s/*]+[ \t]+\/[A-Za-z])/iy }],
  ['schtasks', { option: /[^\n]{0,300}?[ \t]\/r?p[ \t]+(?!\*)/iy }],
  // A literal made a SecureString: the password in plain text (-AsPlainText says so).
  ['convertto-securestring', { option: /[ \t]+(?:-String[ \t]+)?(?=(?:"[^"\n]{1,300}"|'[^'\n]{1,300}')[^\n]{0,200}-AsPlainText)/iy }],
  // htpasswd -b FILE USER PASSWORD; with -n there is no file.
  ['htpasswd', { option: /[ \t]+(?:-[a-mo-zA-Z]*b[a-mo-zA-Z]*(?:[ \t]+-[a-zA-Z]+)*[ \t]+\S+|-(?=[a-zA-Z]*n)[a-zA-Z]*b[a-zA-Z]*|-(?=[a-zA-Z]*b)[a-zA-Z]*n[a-zA-Z]*)[ \t]+\S+[ \t]+/y }],
  ['rabbitmqctl', { option: /[ \t]+(?:add_user|change_password)[ \t]+\S+[ \t]+/y }],
  // vault login TOKEN, a token (not -method=… or its key=value credentials, each read as any key's; not a flag's URL).
  ['vault', { option: /[ \t]+login(?:[ \t]+-[\w-]+(?:=\S*)?)*[ \t]+(?![\w.-]+=|https?:)/y, type: () => 'Secret' }],
  ['az', { option: /[ \t]+login[ \t](?:[^\n]{0,300}?[ \t])?(?:-p|--password)(?:[ \t]+|=)/y }],
  ['aws', { option: /[ \t]+configure[ \t]+set[ \t]+(?:[\w-]+\.)?(aws_secret_access_key|aws_session_token)[ \t]+/y, type: (m) => (m[1] === 'aws_secret_access_key' ? 'AWSSecretKey' : 'Secret') }],
  // openssl enc -k PASSWORD; openssl passwd [-1|-5|-6|-apr1] [-salt S] PASSWORD.
  ['openssl', { option: /[^\n]{0,300}?[ \t](?:-k[ \t]+|passwd(?:[ \t]+-(?:salt[ \t]+\S+|[156]|apr1|aixmd5|crypt|noverify|quiet|table|reverse))*[ \t]+)/y }],
  ['zip|unzip|zipcloak', { option: /[^\n]{0,300}?[ \t]-P[ \t]+/y }],
  ['nmcli', { option: /[^\n]{0,300}?[ \t](?:password|wifi-sec\.psk|802-11-wireless-security\.psk)[ \t]+/y }],
  // wpa_passphrase SSID PASSPHRASE
  ['wpa_passphrase', { option: /[ \t]+(?:"[^"\n]*"|'[^'\n]*'|[^\s"']+)[ \t]+/y }],
  // An SNMP community (-c) and SNMPv3's authentication and privacy passphrases (-A, -X).
  ['snmpwalk|snmpget|snmpgetnext|snmpset|snmpbulkwalk|snmpbulkget|snmptable|snmptrap|snmpdelta|snmpstatus|snmpdf|snmptest', { option: /[^\n]{0,300}?[ \t]-[cAX][ \t]*/y, every: true }],
  ['ipmitool', { option: /[^\n]{0,300}?[ \t]-P[ \t]*/y }],
  // Oracle's user/password[@database] (also "user/password as sysdba", userid=user/password).
  ['sqlplus|sqlcl|expdp|impdp|sqlldr|rman|dgmgrl', { option: new RegExp(String.raw`[^\n]{0,300}?[ \t](?:userid=)?${ORACLE_LOGIN}`, 'y'), after: '/', until: /[@\s]/ }],
  // The legacy exp and imp only with userid= (exp backoff/retry is prose).
  ['exp|imp', { option: new RegExp(String.raw`[^\n]{0,300}?[ \t]userid=${ORACLE_LOGIN}`, 'y'), after: '/', until: /[@\s]/ }],
  ['mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mongofiles', { option: /[^\n]{0,300}?[ \t]-p[ \t]+/y }],
  ['lftp', { option: /[^\n]{0,300}?[ \t]-u[ \t]+/y, after: ',' }],
  ['xfreerdp|wlfreerdp|sdl-freerdp', { option: /[^\n]{0,300}?[ \t][/+]p:/y }],
  ['rdesktop', { option: /[^\n]{0,300}?[ \t]-p[ \t]*/y }],
];
const OPTION_OF = new Map(FAMILIES.flatMap(([names, where]) => names.split('|').map((name) => [name, where] as const)));

/** Tools that read a password from standard input: piped from echo or printf, or given as a here-string. */
const FROM_STDIN = new Map<string, string | undefined>([
  ['chpasswd', ':'], // user:password lines
  ['passwd', undefined], // only with --stdin (TOOL_WORDS): the whole line is the password
]);

/** The tool names that take a password. */
export const TOOL_NAMES: ReadonlySet<string> = new Set([...OPTION_OF.keys(), ...FROM_STDIN.keys()]);
/** What follows a tool's name where white space alone is not enough: its words are common elsewhere (net, az, zip). */
const TOOL_WORD_END: Record<string, string> = {
  net: '(?=[ \\t]+use)',
  passwd: '(?=[ \\t]+--stdin)',
  chpasswd: '(?![\\w-])',
  vault: '(?=[ \\t]+login)',
  az: '(?=[ \\t]+login)',
  aws: '(?=[ \\t]+configure)',
  zip: '(?=[ \\t]+-)',
  unzip: '(?=[ \\t]+-)',
};
/**
 * The same as alternatives of the key-word pass, each followed by white space as a command's name is (curl/8.5.0 in
 * every line of an access log is no match to look at), or by what TOOL_WORD_END asks.
 */
export const TOOL_WORDS = [...TOOL_NAMES].map((name) => name + (TOOL_WORD_END[name] ?? '(?=[ \\t])')).join('|');

const VALUE = /'([^'\n]+)'|"([^"\n]+)"|([^\s'"]+)|'([^'\r\n]+)|"([^"\r\n]+)/y;

/** A prompt (-p with no value) or a variable is not the password itself. */
const notAPassword = (value: string) => value === '' || /^(?:-|\$|\*$)/.test(value);

/**
 * Where the password starts in a value, or -1 when it holds none: after `separator` when the value holds user and
 * password together (curl -u user:password; with no separator the tool asks for it).
 */
function passwordStart(value: string, separator: string | undefined): number {
  const cut = separator ? value.indexOf(separator) + 1 : 0;
  return (separator && cut === 0) || notAPassword(value.slice(cut)) ? -1 : cut;
}

// A shell word as echo or printf is given it: quoted, or up to white space or the next command.
const SHELL_WORD = String.raw`(?:'([^'\n]*)'|"([^"\n]*)"|([^\s'"|;&]+))`;
const ECHO = String.raw`(?:echo|printf)[ \t]+(?:-[a-zA-Z]+[ \t]+)*${SHELL_WORD}`;
// echo 'user:password' | sudo chpasswd: the piped value, read back from the tool's name to the line's start.
const PIPED_FROM = new RegExp(String.raw`(?:^|[\s;&|(${'`'}])${ECHO}[ \t]*\|[ \t]*(?:sudo[ \t]+(?:-\S+[ \t]+)*)?$`, 'd');
// chpasswd <<< 'user:password'
const HERE_STRING = new RegExp(String.raw`[ \t]*<<<[ \t]*${SHELL_WORD}`, 'dy');

/** How far a command's line is read around its tool's name: a bound, so that a long line is not read again at each name. */
const LINE_REACH = 400;
/** The start of the line `at` is on, or LINE_REACH characters back. */
function lineStartBefore(text: string, at: number): number {
  const from = Math.max(0, at - LINE_REACH);
  return from + text.slice(from, at).lastIndexOf('\n') + 1;
}
/** The end of the line `at` is on (its \n), or LINE_REACH characters on. */
function lineEndAfter(text: string, at: number): number {
  const end = text.slice(at, at + LINE_REACH).indexOf('\n');
  return end < 0 ? Math.min(text.length, at + LINE_REACH) : at + end;
}

// A shell's trace (set -x) of the pipeline: `+ echo VALUE` on the line before or after `+ [sudo] TOOL`.
const TRACED_TOOL_BEFORE = /^\++[ \t]+(?:sudo[ \t]+(?:-\S+[ \t]+)*)?$/;
const TRACED_ECHO = new RegExp(String.raw`^\++[ \t]+${ECHO}[ \t]*\r?$`, 'd');

/** The traced echo next to a traced tool's line, and where its line starts. */
function tracedEcho(text: string, lineStart: number, at: number): { match: RegExpExecArray; offset: number } | null {
  if ((lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) || !TRACED_TOOL_BEFORE.test(text.slice(lineStart, at))) return null;
  const lines: [from: number, to: number][] = [];
  if (lineStart > 0) lines.push([lineStartBefore(text, lineStart - 1), lineStart - 1]);
  const lineEnd = lineEndAfter(text, at);
  if (text.charCodeAt(lineEnd) === 10) lines.push([lineEnd + 1, lineEndAfter(text, lineEnd + 1)]);
  for (const [from, to] of lines) {
    if ((from > 0 && text.charCodeAt(from - 1) !== 10) || (to < text.length && text.charCodeAt(to) !== 10)) continue; // longer than the reach
    const match = TRACED_ECHO.exec(text.slice(from, to));
    if (match) return { match, offset: from };
  }
  return null;
}

/** The password piped or given as a here-string to a tool that reads it from standard input (chpasswd, passwd --stdin). */
function stdinPasswordAt(text: string, at: number, tool: string, separator: string | undefined, emit: Emit): void {
  const lineStart = lineStartBefore(text, at);
  const piped = PIPED_FROM.exec(text.slice(lineStart, at));
  HERE_STRING.lastIndex = at + tool.length;
  const here = piped ? null : HERE_STRING.exec(text);
  const traced = piped || here ? null : tracedEcho(text, lineStart, at);
  const found = piped ? { match: piped, offset: lineStart } : here ? { match: here, offset: 0 } : traced;
  const group = found?.match.indices?.slice(1).findIndex((place) => place !== undefined) ?? -1;
  const place = found && group >= 0 ? found.match.indices?.[group + 1] : undefined;
  if (!found || !place) return;
  const [start, end] = [place[0] + found.offset, place[1] + found.offset];
  const cut = passwordStart(text.slice(start, end), separator);
  if (cut >= 0) emit('Password', start + cut, end);
}

/** The password given to the tool whose name is at `at` (ldapsearch … -w 'x'), if any. */
export function commandPasswordAt(text: string, at: number, tool: string, emit: Emit): void {
  const before = text.charCodeAt(at - 1);
  if (at > 0 && (before === 95 || before === 45 || /\w/.test(text[at - 1] as string))) return;
  if (FROM_STDIN.has(tool.toLowerCase())) return stdinPasswordAt(text, at, tool, FROM_STDIN.get(tool.toLowerCase()), emit);
  // A command's name is followed by its arguments (not curl/8.5.0, mysqlx, ldapsearchd): TOOL_WORDS matched only so.
  const where = OPTION_OF.get(tool.toLowerCase());
  if (!where) return;
  const { option, every } = where;
  option.lastIndex = at + tool.length;
  // More than one only on the tool's own line, within its reach: a long line is not read again at each name.
  const reach = every ? lineEndAfter(text, at) : 0;
  for (let matched = option.exec(text); matched; matched = every && option.lastIndex < reach ? option.exec(text) : null) {
    const valueEnd = passwordAfter(text, option.lastIndex, matched, where, emit);
    if (valueEnd < 0) return;
    option.lastIndex = valueEnd;
  }
}

/** The password of the option matched just before `from`; returns where its value ends (-1 when there is none). */
function passwordAfter(text: string, from: number, matched: RegExpExecArray, where: PasswordOption, emit: Emit): number {
  const { after: separator, type, until } = where;
  VALUE.lastIndex = from;
  const v = VALUE.exec(text);
  const value = v?.[1] ?? v?.[2] ?? v?.[3] ?? v?.[4] ?? v?.[5];
  if (!v || value === undefined || notAPassword(value)) return -1;
  const closingQuote = v[1] !== undefined || v[2] !== undefined;
  const end = VALUE.lastIndex - (closingQuote ? 1 : 0);
  const start = end - value.length;
  const cut = passwordStart(value, separator);
  if (cut < 0) return -1;
  const stop = until ? value.slice(cut).search(until) : -1;
  const passwordEnd = stop < 0 ? end : start + cut + stop;
  if (passwordEnd === start + cut) return -1;
  emit(type ? type(matched) : 'Password', start + cut, passwordEnd);
  return VALUE.lastIndex;
}

// After a host: :port:database:user:password, as a .pgpass line has it; the password runs to white space.
const PGPASS_REST = /:(?:\d{1,5}|\*):(?:[\w.-]+|\*):(?:[\w.@-]+|\*):((?:\\:|[^\s:])+)(?!\S)/y;

/** The password of a .pgpass line whose host ends at `hostEnd`, if the host is followed by one. */
export function pgpassAfterHost(text: string, hostEnd: number, emit: Emit): void {
  if (text.charCodeAt(hostEnd) !== 58 /* : */) return;
  PGPASS_REST.lastIndex = hostEnd;
  const rest = PGPASS_REST.exec(text);
  const value = rest?.[1];
  if (!rest || !value || /^\*+$/.test(value)) return;
  emit('Password', PGPASS_REST.lastIndex - value.length, PGPASS_REST.lastIndex);
}

// Passwords in the places tools take them that have no key name: a command's password option or argument
// (ldapsearch -w, redis-cli -a, mysql -p…, sshpass -p, curl -u user:password, docker login -p, sqlcmd -P,
// smbclient -U user%password, psexec -p, net user NAME PASSWORD, schtasks /rp, ConvertTo-SecureString "…"
// -AsPlainText, htpasswd -b, rabbitmqctl add_user, vault login, az login -p, aws configure set, openssl enc -k and
// passwd, zip -P, 7z -p, nmcli, wpa_passphrase, snmpwalk -c, ssh-keygen -N, ipmitool -P, sqlplus user/password@db
// (SQL*Plus's connect and a JDBC thin URL too), mongo -p, lftp -u, xfreerdp /p:, rdesktop -p), a password piped
// into chpasswd or passwd --stdin, and the last field of a .pgpass line.
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
  // 7-Zip's -pPASSWORD (-p alone asks for it).
  ['7z|7za|7zr|7zz', { option: /[^\n]{0,300}?[ \t]-p(?=\S)/y }],
  ['zip|unzip|zipcloak', { option: /[^\n]{0,300}?[ \t]-P[ \t]+/y }],
  ['nmcli', { option: /[^\n]{0,300}?[ \t](?:password|wifi-sec\.psk|802-11-wireless-security\.psk)[ \t]+/y }],
  // wpa_passphrase SSID PASSPHRASE
  ['wpa_passphrase', { option: /[ \t]+(?:"[^"\n]*"|'[^'\n]*'|[^\s"']+)[ \t]+/y }],
  // An SNMP community (-c) and SNMPv3's authentication and privacy passphrases (-A, -X).
  ['snmpwalk|snmpget|snmpgetnext|snmpset|snmpbulkwalk|snmpbulkget|snmptable|snmptrap|snmpdelta|snmpstatus|snmpdf|snmptest', { option: /[^\n]{0,300}?[ \t]-[cAX][ \t]*/y, every: true }],
  // ssh-keygen's new (-N) and old (-P) passphrases; -N '' asks for none.
  ['ssh-keygen', { option: /[^\n]{0,300}?[ \t]-[NP][ \t]*/y, every: true }],
  ['ipmitool', { option: /[^\n]{0,300}?[ \t]-P[ \t]*/y }],
  // Oracle's user/password[@database] (also "user/password as sysdba", userid=user/password).
  ['sqlplus|sqlcl|expdp|impdp|sqlldr|rman|dgmgrl', { option: new RegExp(String.raw`[^\n]{0,300}?[ \t](?:userid=)?${ORACLE_LOGIN}`, 'y'), after: '/', until: /[@\s]/ }],
  // Oracle's user/password in a JDBC thin URL (jdbc:oracle:thin:user/password@host) and in SQL*Plus's CONNECT.
  ['oracle:thin', { option: /:(?=["']?[A-Za-z][\w$#]*\/[^\s@'"/][^\s@'"]{0,200}@)/y, after: '/', until: /[@\s]/ }],
  // CONNECT (CONN) as a script's log shows it: only user/password then @database or AS SYSDBA (connect to
  // replica/standby is prose).
  ['connect|conn', { option: new RegExp(String.raw`[ \t]+(?=["']?[A-Za-z][\w$#]*\/[^\s@'"/][^\s@'"]{0,200}(?:@|[ \t]+as[ \t]+sys))`, 'iy'), after: '/', until: /[@\s]/ }],
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
/** Oracle's user/password after the word: a user's name, a slash and the password's first character. */
const ORACLE_USER = String.raw`(?=[ \t]+["']?[A-Za-z][\w$#]*\/[^\s@'"/])`;
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
  'oracle:thin': '(?=:)',
  connect: ORACLE_USER,
  conn: ORACLE_USER,
};
/**
 * The same as alternatives of the key-word pass, each followed by white space as a command's name is (curl/8.5.0 in
 * every line of an access log is no match to look at), or by what TOOL_WORD_END asks.
 */
export const TOOL_WORDS = [...TOOL_NAMES].map((name) => name + (TOOL_WORD_END[name] ?? '(?=[ \\t])')).join('|');

const VALUE = /'([^'\n]+)'|"([^"\n]+)"|([^\s'"]+)|'([^'\r\n]+)|"([^"\r\n]+)/y;
/** The same for Oracle's user/password@database (the values with an `until`): unquoted, read no further than @. */
const VALUE_BEFORE_AT = /'([^'\n]+)'|"([^"\n]+)"|([^\s'"@]+)|'([^'\r\n]+)|"([^"\r\n]+)/y;

/** A prompt (-p with no value) or a variable is not the password itself. */
const notAPassword = (value: string) => /^(?:-|\$|\*$)/.test(value);

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
const SUDO = String.raw`(?:sudo[ \t]+(?:-\S+[ \t]+)*)?`;
// A shell's trace (set -x) prints each command of a pipeline on a line of its own: + echo VALUE, + [sudo] TOOL.
const TRACED_ECHO = String.raw`\++[ \t]+${ECHO}[ \t]*\r?`;
const TRACED_TOOL = String.raw`\++[ \t]+${SUDO}`;

/** How far a command's line is read around its tool's name: a bound, so that a long line is not read again at each name. */
const LINE_REACH = 400;
/** The end of the line `at` is on (its \n), or LINE_REACH characters on. */
function lineEndAfter(text: string, at: number): number {
  const end = text.slice(at, at + LINE_REACH).indexOf('\n');
  return at + (end < 0 ? LINE_REACH : end);
}

// What is read before the tool's name (a line break stands for the text's start), and after it (for its end).
// echo 'user:password' | sudo chpasswd, and the trace's + echo 'user:password' on the line before + chpasswd:
const PIPED = new RegExp(String.raw`[\s;&|(${'`'}]${ECHO}[ \t]*\|[ \t]*${SUDO}$`, 'd');
const TRACED_BEFORE = new RegExp(String.raw`\n${TRACED_ECHO}\n${TRACED_TOOL}$`, 'd');
const TRACED_TOOL_LINE = new RegExp(String.raw`\n${TRACED_TOOL}$`);
// chpasswd <<< 'user:password', and the trace's + echo 'user:password' on the line after + chpasswd:
const HERE_STRING = new RegExp(String.raw`^[ \t]*<<<[ \t]*${SHELL_WORD}`, 'd');
const TRACED_AFTER = new RegExp(String.raw`^[^\n]*\n${TRACED_ECHO}\n`, 'd');

/** Where the shell word of an echo or here-string match is, `offset` being where the matched text starts. */
function shellWordIn(match: RegExpExecArray | null, offset: number): [start: number, end: number] | undefined {
  const place = match?.indices?.slice(1).find((group) => group !== undefined);
  return place && [place[0] + offset, place[1] + offset];
}

/** The password piped, given as a here-string or traced next to a tool that reads it from standard input (chpasswd, passwd --stdin). */
function stdinPasswordAt(text: string, at: number, tool: string, separator: string | undefined, emit: Emit): void {
  const from = Math.max(0, at - LINE_REACH);
  const before = (from === 0 ? '\n' : '') + text.slice(from, at);
  const beforeOffset = from - (from === 0 ? 1 : 0);
  const toolEnd = at + tool.length;
  const after = text.slice(toolEnd, toolEnd + LINE_REACH) + (toolEnd + LINE_REACH >= text.length ? '\n' : '');
  const word =
    shellWordIn(PIPED.exec(before) ?? TRACED_BEFORE.exec(before), beforeOffset) ??
    shellWordIn(HERE_STRING.exec(after) ?? (TRACED_TOOL_LINE.test(before) ? TRACED_AFTER.exec(after) : null), toolEnd);
  if (!word) return;
  const [start, end] = word;
  const cut = passwordStart(text.slice(start, end), separator);
  if (cut >= 0) emit('Password', start + cut, end);
}

/** The password given to the tool whose name is at `at` (ldapsearch … -w 'x'), if any. */
export function commandPasswordAt(text: string, at: number, tool: string, emit: Emit): void {
  const before = text.charCodeAt(at - 1);
  if (at > 0 && (before === 95 || before === 45 || /\w/.test(text[at - 1] as string))) return;
  if (FROM_STDIN.has(tool.toLowerCase())) return stdinPasswordAt(text, at, tool, FROM_STDIN.get(tool.toLowerCase()), emit);
  // A command's name is followed by its arguments (not curl/8.5.0, mysqlx, ldapsearchd): TOOL_WORDS matched only so.
  const where = OPTION_OF.get(tool.toLowerCase()) as PasswordOption; // TOOL_NAMES are its names and FROM_STDIN's
  const { option, every } = where;
  // Every option only on the tool's own line, within its reach: a long line is not read again at each name.
  const line = every ? text.slice(0, lineEndAfter(text, at)) : text;
  option.lastIndex = at + tool.length;
  for (let matched = option.exec(line); matched; matched = every ? option.exec(line) : null) {
    option.lastIndex = readPassword(line, option.lastIndex, matched, where, emit);
  }
}

/** Reads the value of the option matched just before `from` and reports its password; returns where the value ends. */
function readPassword(text: string, from: number, matched: RegExpExecArray, where: PasswordOption, emit: Emit): number {
  const reader = where.until ? VALUE_BEFORE_AT : VALUE;
  reader.lastIndex = from;
  const v = reader.exec(text);
  if (!v) return from;
  const value = (v[1] ?? v[2] ?? v[3] ?? v[4] ?? v[5]) as string; // one alternative matched
  const closed = v[1] !== undefined || v[2] !== undefined;
  const start = reader.lastIndex - (closed ? 1 : 0) - value.length;
  const cut = passwordStart(value, where.after);
  if (cut >= 0) {
    const password = where.until ? (value.slice(cut).split(where.until, 1)[0] as string) : value.slice(cut);
    emit(where.type ? where.type(matched) : 'Password', start + cut, start + cut + password.length);
  }
  return reader.lastIndex;
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

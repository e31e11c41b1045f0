// Passwords in the places tools take them that have no key name: a command's password option (ldapsearch -w,
// redis-cli -a, mysql -p…, sshpass -p, curl -u user:password, docker login -p, sqlcmd -P, smbclient -U
// user%password) and the last field of a .pgpass line (host:port:database:user:password).
// The tool names ride along the key-word pass (secrets.ts) and the hosts along the dotted pass (dotted.ts): one
// pass over the text each, not one more.
import type { Emit } from './rule';

/** The tool names that start a command with a password option (matched in the key-word pass). */
export const TOOL_WORDS =
  'ldapsearch|ldapmodify|ldapadd|ldapdelete|ldappasswd|ldapwhoami|ldapcompare|redis-cli|mysqldump|mysqladmin|mysql|mariadb|sshpass|curl|docker|podman|nerdctl|buildah|oras|sqlcmd|bcp|smbclient';

/** Where a tool takes its password: the option before it and, when the option takes user and password together
 * (curl -u user:password, smbclient -U user%password), the character the password follows. */
interface PasswordOption {
  option: RegExp;
  after?: string;
}

// The tool's password option within the same line; the value is quoted or runs to white space — or, after a quote
// never closed on its line (a logger cut the line inside it), to the line's end. The bounded gaps keep each match
// linear. Options are case-sensitive: sqlcmd's -P is the password, -p is not.
const OPTIONS: Record<string, PasswordOption> = {
  ldap: { option: /[^\n]{0,300}?[ \t]-w[ \t]*/y },
  redis: { option: /[^\n]{0,300}?[ \t](?:-a|--pass)[ \t]+/y },
  mysql: { option: /[^\n]{0,300}?[ \t](?:-p(?=[^\s-])|--password=)/y },
  sshpass: { option: /[ \t]+-p[ \t]*/y },
  curl: { option: /[^\n]{0,300}?[ \t](?:-u|--user|-U|--proxy-user)(?:[ \t]+|=)/y, after: ':' },
  // docker run -p publishes a port: only login's -p is a password (its --password is any option's, secrets.ts).
  login: { option: /[^\n]{0,60}?[ \t]login[ \t](?:[^\n]{0,300}?[ \t])?-p[ \t]+/y },
  sqlcmd: { option: /[^\n]{0,300}?[ \t]-P[ \t]*/y },
  smbclient: { option: /[^\n]{0,300}?[ \t](?:-U[ \t]*|--user=)/y, after: '%' },
};
const VALUE = /'([^'\n]+)'|"([^"\n]+)"|([^\s'"]+)|'([^'\r\n]+)|"([^"\r\n]+)/y;

function optionFor(tool: string): PasswordOption {
  if (tool.startsWith('ldap')) return OPTIONS.ldap!;
  if (tool.startsWith('redis')) return OPTIONS.redis!;
  if (tool.startsWith('sshpass')) return OPTIONS.sshpass!;
  if (tool === 'curl' || tool === 'smbclient') return OPTIONS[tool]!;
  if (tool === 'sqlcmd' || tool === 'bcp') return OPTIONS.sqlcmd!;
  if (tool.startsWith('m')) return OPTIONS.mysql!;
  return OPTIONS.login!;
}

/** A prompt (-p with no value) or a variable is not the password itself. */
const notAPassword = (value: string) => value === '' || /^(?:-|\$)/.test(value);

/** The password given to the tool whose name is at `at` (ldapsearch … -w 'x'), if any. */
export function commandPasswordAt(text: string, at: number, tool: string, emit: Emit): void {
  const before = text.charCodeAt(at - 1);
  if (at > 0 && (before === 95 || before === 45 || /\w/.test(text[at - 1] as string))) return;
  // A command's name is followed by its arguments (not curl/8.5.0, mysqlx, ldapsearchd).
  const after = text.charCodeAt(at + tool.length);
  if (after !== 32 && after !== 9) return;
  const { option, after: separator } = optionFor(tool.toLowerCase());
  option.lastIndex = at + tool.length;
  if (!option.exec(text)) return;
  VALUE.lastIndex = option.lastIndex;
  const v = VALUE.exec(text);
  const value = v?.[1] ?? v?.[2] ?? v?.[3] ?? v?.[4] ?? v?.[5];
  if (!v || value === undefined || notAPassword(value)) return;
  const closingQuote = v[1] !== undefined || v[2] !== undefined;
  const end = VALUE.lastIndex - (closingQuote ? 1 : 0);
  // user:password: the password alone (with no separator the tool asks for it).
  const cut = separator === undefined ? 0 : value.indexOf(separator) + 1;
  if ((separator !== undefined && cut === 0) || notAPassword(value.slice(cut))) return;
  emit('Password', end - value.length + cut, end);
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

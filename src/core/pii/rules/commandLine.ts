// Passwords in the places tools take them that have no key name: a command's password option (ldapsearch -w,
// redis-cli -a, mysql -p…, sshpass -p) and the last field of a .pgpass line (host:port:database:user:password).
// The tool names ride along the key-word pass (secrets.ts) and the hosts along the dotted pass (dotted.ts): one
// pass over the text each, not one more.
import type { Emit } from './rule';

/** The tool names that start a command with a password option (matched in the key-word pass). */
export const TOOL_WORDS = 'ldapsearch|ldapmodify|ldapadd|ldapdelete|ldappasswd|ldapwhoami|ldapcompare|redis-cli|mysqldump|mysqladmin|mysql|mariadb|sshpass';

// The tool's password option within the same line; the value is quoted or runs to white space — or, after a quote
// never closed on its line (a logger cut the line inside it), to the line's end. The bounded gap keeps each match
// linear.
const OPTION: Record<string, RegExp> = {
  ldap: /[^\n]{0,300}?[ \t]-w[ \t]*/y,
  redis: /[^\n]{0,300}?[ \t](?:-a|--pass)[ \t]+/y,
  mysql: /[^\n]{0,300}?[ \t](?:-p(?=[^\s-])|--password=)/y,
  sshpass: /[ \t]+-p[ \t]*/y,
};
const VALUE = /'([^'\n]+)'|"([^"\n]+)"|([^\s'"]+)|'([^'\r\n]+)|"([^"\r\n]+)/y;

function optionFor(tool: string): RegExp {
  if (tool.startsWith('ldap')) return OPTION.ldap as RegExp;
  if (tool.startsWith('redis')) return OPTION.redis as RegExp;
  if (tool.startsWith('sshpass')) return OPTION.sshpass as RegExp;
  return OPTION.mysql as RegExp;
}

/** The password given to the tool whose name is at `at` (ldapsearch … -w 'x'), if any. */
export function commandPasswordAt(text: string, at: number, tool: string, emit: Emit): void {
  const before = text.charCodeAt(at - 1);
  if (at > 0 && (before === 95 || before === 45 || /\w/.test(text[at - 1] as string))) return;
  const after = text.charCodeAt(at + tool.length);
  if (/\w/.test(String.fromCharCode(after))) return; // mysqlx, ldapsearchd: another word
  const option = optionFor(tool.toLowerCase());
  option.lastIndex = at + tool.length;
  if (!option.exec(text)) return;
  VALUE.lastIndex = option.lastIndex;
  const v = VALUE.exec(text);
  const value = v?.[1] ?? v?.[2] ?? v?.[3] ?? v?.[4] ?? v?.[5];
  // A prompt (-p with no value) or a variable is not the password itself.
  if (!v || !value || /^(?:-|\$)/.test(value)) return;
  const closingQuote = v[1] !== undefined || v[2] !== undefined;
  const end = VALUE.lastIndex - (closingQuote ? 1 : 0);
  emit('Password', end - value.length, end);
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

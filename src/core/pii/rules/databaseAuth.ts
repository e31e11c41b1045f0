// Passwords that database servers log in their own syntax, with no key=value around them: MySQL's SET PASSWORD
// (… = 'x', … = PASSWORD('x')) and IDENTIFIED WITH <plugin> BY 'x', as its general log shows statements, and
// Redis's AUTH as MONITOR prints every command (each argument quoted) and its requirepass / masterauth directives
// (redis.conf, CONFIG SET). Read where the key-word pass (secrets.ts) finds the word: "password" (the statement's
// or the plugin's name), a quoted "AUTH", requirepass or masterauth.
import type { Emit } from './rule';

/** A MySQL account: 'user'@'host', each part quoted or not. */
const ACCOUNT = String.raw`(?:'[^'\n]{0,100}'|"[^"\n]{0,100}"|\x60[^\x60\n]{0,100}\x60|[\w.%-]{1,100})`;
/** After SET PASSWORD: an optional FOR account, =, and the quoted password, bare or inside PASSWORD() or OLD_PASSWORD(). */
const SET_PASSWORD_REST = new RegExp(String.raw`(?:[ \t]+for[ \t]+${ACCOUNT}(?:@${ACCOUNT})?)?[ \t]*=[ \t]*(?:(?:old_)?password[ \t]*\([ \t]*)?(['"])([^'"\n]{1,200})\1`, 'iy');
/** After IDENTIFIED WITH <plugin>: BY and the quoted password (AS '…' is the plugin's hash of it, not the password). */
const BY_PASSWORD = /[ \t]+by[ \t]+(['"])([^'"\n]{1,200})\1/iy;

/**
 * The password of a MySQL statement whose key-word ("password", or a plugin's name ending in it) spans
 * [keyStart, keyEnd), if the statement is SET PASSWORD or IDENTIFIED WITH … BY. Returns where the password ends, or
 * -1 when the word is not one of these.
 */
export function mysqlPasswordAt(text: string, keyStart: number, keyEnd: number, emit: Emit): number {
  const before = text.slice(Math.max(0, keyStart - 30), keyStart);
  const rest = /set[ \t]+$/i.test(before) && /^password$/i.test(text.slice(keyStart, keyEnd)) ? SET_PASSWORD_REST : /identified[ \t]+with[ \t]+$/i.test(before) ? BY_PASSWORD : undefined;
  if (!rest) return -1;
  rest.lastIndex = keyEnd;
  const match = rest.exec(text);
  const password = match?.[2];
  if (!password) return -1;
  const end = rest.lastIndex - 1;
  emit('Password', end - password.length, end);
  return end;
}

/** MONITOR's arguments after "AUTH": each quoted (a quote inside escaped), to the line's end or the next argument. */
const QUOTED_ARGUMENT = /[ \t]"((?:[^"\\\n]|\\.){1,200})"/y;

/**
 * The password of Redis's AUTH as MONITOR prints it, at `at` (the A of "AUTH", inside its quotes): the only argument,
 * or the second after a user name (ACLs; HELLO's AUTH always has both). Returns where it ends, or -1 when the
 * quoted arguments are not AUTH's (more follow that are not HELLO's, or the line goes on unquoted).
 */
export function redisAuthAt(text: string, at: number, emit: Emit): number {
  if (text.charCodeAt(at - 1) !== 34 /* " */ || text.charCodeAt(at + 4) !== 34) return -1;
  const inHello = /"hello"[ \t]+"\d+"[ \t]+"$/i.test(text.slice(Math.max(0, at - 20), at));
  const args: { start: number; end: number }[] = [];
  let next = at + 5;
  while (args.length < (inHello ? 2 : 3)) {
    QUOTED_ARGUMENT.lastIndex = next;
    const m = QUOTED_ARGUMENT.exec(text);
    if (!m) break;
    next = QUOTED_ARGUMENT.lastIndex;
    args.push({ start: next - 1 - (m[1] as string).length, end: next - 1 });
  }
  const after = text.charCodeAt(next);
  const lineEnds = Number.isNaN(after) || after === 10 || after === 13;
  const password = inHello ? (args.length === 2 ? args[1] : undefined) : lineEnds && args.length <= 2 ? args[args.length - 1] : undefined;
  if (!password) return -1;
  emit('Password', password.start, password.end);
  return password.end;
}

/** What may come before a Redis password directive on its line: nothing (redis.conf), CONFIG SET, or MONITOR's print of it. */
const DIRECTIVE_BEFORE = /(?:^|[\r\n])[ \t]*$|config[ \t]+set[ \t]+$|"config"[ \t]+"set"[ \t]+"$/i;
/** The directive's value after white space (after its closing quote in MONITOR's print): quoted or one word. */
const DIRECTIVE_VALUE = /"?[ \t]+(?:"((?:[^"\\\n]|\\.){1,200})"|'([^'\n]{1,200})'|([^\s"']{1,200}))/y;

/**
 * The password of Redis's requirepass or masterauth directive spanning [keyStart, keyEnd) (a redis.conf line, CONFIG
 * SET, MONITOR's "config" "set" "requirepass" "…"). Returns where it ends, or -1 (another word, prose, a comment).
 */
export function redisDirectivePasswordAt(text: string, keyStart: number, keyEnd: number, emit: Emit): number {
  if (!/^(?:requirepass|masterauth)$/i.test(text.slice(keyStart, keyEnd)) || !DIRECTIVE_BEFORE.test(text.slice(Math.max(0, keyStart - 40), keyStart))) return -1;
  DIRECTIVE_VALUE.lastIndex = keyEnd;
  const match = DIRECTIVE_VALUE.exec(text);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  if (!match || !value) return -1;
  const end = DIRECTIVE_VALUE.lastIndex - (match[3] === undefined ? 1 : 0);
  emit('Password', end - value.length, end);
  return end;
}

/**
 * The password a database server's own syntax gives after the key-word pass's `word` (lower case), whose key spans
 * [keyStart, keyEnd): Redis's quoted "AUTH", MySQL's statements, Redis's directives. Returns where it ends, or -1.
 */
export function databasePasswordAt(text: string, word: string, keyStart: number, keyEnd: number, emit: Emit): number {
  if (word === 'auth') return redisAuthAt(text, keyStart, emit);
  if (word !== 'pass' && word !== 'masterauth') return -1;
  const end = mysqlPasswordAt(text, keyStart, keyEnd, emit);
  return end >= 0 ? end : redisDirectivePasswordAt(text, keyStart, keyEnd, emit);
}

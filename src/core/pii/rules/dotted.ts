// One pass anchored on dots: IPv4 addresses, Cisco-style MACs (0050.56fa.110f), host names (by their suffix),
// North American phone numbers written with dots (415.555.0110) and dotted tokens (dottedToken.ts). One pass with one literal anchor is several
// times faster than a pass per shape. A host followed by :port:database:user:password is a .pgpass line: its
// password is read here too, and so is the secret in a chat webhook's path (chatWebhooks.ts).
import type { Emit, Rule } from './rule';
import { isAlnum, isDigit, isHex, isLetter, isSpace, isWord, REPLACEMENT, valueStartBefore } from './rule';
import { chatWebhookAfterHost } from './chatWebhooks';
import { pgpassAfterHost } from './commandLine';
import { dottedToken } from './dottedToken';

// Common public and internal suffixes: a name must end in one to count (Java packages and file names do not).
const TLDS =
  'com|net|org|edu|gov|mil|int|io|co|info|biz|dev|app|cloud|ai|me|us|uk|de|fr|nl|it|es|ru|cn|jp|kr|in|au|ca|br|ch|se|no|fi|dk|pl|at|be|cz|hk|tw|sg|nz|ie|il|za|mx|ar|local|internal|corp|lan|intranet|home|example|test|localdomain';
// The empty groups only say which shape matched: a group that captured digits would cost a string per match, and
// the octets are read from the text instead.
const DOTTED = new RegExp(
  '\\.(?:' +
    '()\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(?!\\w|\\.\\d|-[A-Za-z])' + // …N.N.N: the rest of an IPv4 address
    '|()[2-9]\\d\\d\\.\\d{4}(?![\\d_-]|\\.\\d)' + // …EEE.NNNN: a phone number (a letter may follow it)
    '|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}(?![\\w.])' + // …hhhh.hhhh: a Cisco MAC
    `|(?:${TLDS})(?![\\w-]|\\.[A-Za-z0-9])` + // a host name's suffix
    '|()[\\w-]{12,}\\.[\\w-]{12,}(?![\\w-]|\\.[\\w-])' + // …PART.PART: a dotted token's last two parts (dottedToken.ts)
    ')',
  'gi',
);
// A version number rather than an address when a word like these precedes it.
const VERSION_BEFORE = /(?<![A-Za-z])(?:version|ver|build|release|rev|firmware|kernel)[\s:=/]*$/i;
/** The last letters of those words (lower case): the regex cannot match unless one ends where the separators do. */
const VERSION_WORD_ENDS = new Set([...'nrdevl'].map((c) => c.charCodeAt(0)));

/**
 * Whether a version word may end just before the separators (white space, ':', '=', '/') before `at`: a cheap test
 * that spares most addresses the regex (an access log's line starts after the previous line's last letter). A
 * character past ASCII is stepped over as if it were white space: the regex then decides.
 */
function versionWordMayEnd(text: string, at: number): boolean {
  let k = at;
  for (let c = text.charCodeAt(k - 1); isSpace(c) || c === 58 || c === 61 || c === 47 || c > 127; c = text.charCodeAt(--k - 1));
  return VERSION_WORD_ENDS.has(text.charCodeAt(k - 1) | 32);
}

const PRODUCT_BEFORE =
  /(?<![\w-])(?:chrome|chromium|crios|safari|firefox|fxios|version|edge?|opr|opera|applewebkit|mozilla|gecko|trident|msie|mobile|samsungbrowser|yabrowser|electron|node|nginx|apache|httpd|openresty|envoy|curl|wget|okhttp|java|python|python-requests|go-http-client|dalvik|iis|microsoft-iis|jetty|tomcat|kestrel|server|agent|client|build|ver)\/$/i;

/** Ones then zeros: 255.255.255.0, 255.255.252.0, 255.255.255.255. */
function isNetmask(address: string): boolean {
  const bits = address
    .split('.')
    .map((o) => Number(o).toString(2).padStart(8, '0'))
    .join('');
  return /^1+0*$/.test(bits);
}

/** The octet written in text[from, to) (1–3 digits), or -1 when it is not one (past 255, or a leading zero: 059). */
function octetAt(text: string, from: number, to: number): number {
  if (to - from > 1 && text.charCodeAt(from) === 48) return -1;
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value > 255 ? -1 : value;
}

/** Whether every dot-separated number in text[start, end) is an octet. */
function allOctets(text: string, start: number, end: number): boolean {
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 46) continue;
    if (octetAt(text, from, i) < 0) return false;
    from = i + 1;
  }
  return true;
}
const DPKG_BEFORE = /:(?:amd64|arm64|armhf|armel|i386|all|ppc64el|s390x|riscv64) \($/;

/** Digits of the same kind just before `at` (at most `max`): where a number that ends at `at` starts. */
function digitsBefore(text: string, at: number, max: number, isKind: (c: number) => boolean): number {
  let start = at;
  while (start > 0 && at - start < max && isKind(text.charCodeAt(start - 1))) start--;
  return start;
}

/** Not glued to a word, a dotted run or an id (blk_-…, pkg-1.2.3.4). */
const freeBefore = (text: string, start: number, also = '') => {
  if (start === 0) return true;
  const c = text.charCodeAt(start - 1);
  return !isWord(c) && c !== 46 && !also.includes(text[start - 1] as string);
};

function ipv4(text: string, m: RegExpExecArray, emit: Emit): void {
  const start = digitsBefore(text, m.index, 3, isDigit);
  if (start === m.index || (start > 0 && isDigit(text.charCodeAt(start - 1))) || !freeBefore(text, start, '~-')) return;
  const end = m.index + m[0].length;
  if (!allOctets(text, start, end)) return;
  const first = octetAt(text, start, m.index);
  // A product's version (Chrome/119.0.0.0, nginx/1.21.6.1). Java prints host/address (msra-sa-41/10.190.173.170),
  // so only known products count: a missed address leaks, a flagged version only costs a glance.
  if (start > 1 && text.charCodeAt(start - 1) === 47 && PRODUCT_BEFORE.test(text.slice(Math.max(0, start - 24), start))) return;
  // Loopback and unspecified addresses identify nobody, and neither does a subnet mask (255.255.252.0).
  if (first === 127 || (first === 0 && m[0] === '.0.0.0') || (first === 255 && isNetmask(text.slice(start, end)))) return;
  // A Debian package's version: Setting up libssl1.1:amd64 (1.1.1.23).
  if (text.charCodeAt(start - 1) === 40 && DPKG_BEFORE.test(text.slice(Math.max(0, start - 16), start))) return;
  // Only a word shortly before can make it a version ("version 1.2.3.4", "build=10.0.1.2").
  const before = start > 1 ? text.charCodeAt(start - 2) : 32;
  if ((isLetter(before) || before === 32 || before === 61 || before === 58) && versionWordMayEnd(text, start) && VERSION_BEFORE.test(text.slice(Math.max(0, start - 12), start))) return;
  emit('IPv4', start, end);
  pgpassAfterHost(text, end, emit);
}

function dottedPhone(text: string, m: RegExpExecArray, emit: Emit): void {
  const start = m.index - 3;
  if (start < 0 || !/^[2-9]\d\d$/.test(text.slice(start, m.index)) || !freeBefore(text, start, '+/-')) return;
  emit('Phone', start, m.index + m[0].length);
}

function ciscoMac(text: string, m: RegExpExecArray, emit: Emit): void {
  const start = digitsBefore(text, m.index, 4, isHex);
  const end = m.index + m[0].length;
  if (m.index - start !== 4 || !freeBefore(text, start)) return;
  if (!/[a-f]/i.test(text.slice(start, end))) return; // 1234.5678.9012 is more likely a number than a MAC
  emit('MAC', start, end);
}

const isLabelChar = (c: number) => isAlnum(c) || c === 45;

/**
 * Where the label that ends at `end` starts. An undecodable byte (U+FFFD) inside a label, or between it and a dot of
 * the name (db01\uFFFD.example.com, db01.\uFFFDexample.com), is part of the name.
 */
function labelStartBefore(text: string, end: number): number {
  const start = valueStartBefore(text, end, isLabelChar);
  let broken = start;
  while (broken > 0 && text.charCodeAt(broken - 1) === REPLACEMENT) broken--;
  const afterDot = start < end && broken < start && text.charCodeAt(broken - 1) === 46 && valueStartBefore(text, broken - 1, isLabelChar) < broken - 1;
  return afterDot ? broken : start;
}

function hostname(text: string, m: RegExpExecArray, emit: Emit): void {
  const end = m.index + m[0].length;
  chatWebhookAfterHost(text, end, emit); // whether or not the host itself is reported (a URL's is not)
  let start = m.index;
  let labels = 1;
  for (;;) {
    const labelStart = labelStartBefore(text, start);
    if (labelStart === start || text.charCodeAt(labelStart) === 45 || text.charCodeAt(start - 1) === 45) break;
    start = labelStart;
    labels++;
    if (start > 1 && text.charCodeAt(start - 1) === 46 && valueStartBefore(text, start - 1, isLabelChar) < start - 1) start--;
    else break;
  }
  if (labels < 2 || text.charCodeAt(start) === 46) return;
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  if (before === 95 || before === 64 || before === 47 || before === 46) return; // part of an id, an e-mail or a path
  const first = text.slice(start, text.indexOf('.', start));
  // "2.de" or "x.com": numbers and one-letter names are more often versions and file names.
  if (labels === 2 && (/^\d+$/.test(first) || first.length < 2)) return;
  emit('Hostname', start, end);
  pgpassAfterHost(text, end, emit);
}

export const dottedRule: Rule = {
  types: ['IPv4', 'Phone', 'MAC', 'Hostname', 'Password', 'Secret'],
  scan(text, emit) {
    DOTTED.lastIndex = 0;
    for (let m = DOTTED.exec(text); m; m = DOTTED.exec(text)) {
      if (m[1] !== undefined) ipv4(text, m, emit);
      else if (m[2] !== undefined) dottedPhone(text, m, emit);
      else if (m[3] !== undefined) dottedToken(text, m, emit);
      else if (m[0].length === 10 && m[0].indexOf('.', 1) === 5) ciscoMac(text, m, emit);
      else hostname(text, m, emit);
    }
  },
};

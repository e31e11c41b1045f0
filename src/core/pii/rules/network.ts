// Addresses: IPv4, IPv6, MAC, e-mail, URLs with credentials and host names.
import type { Emit, Rule } from './rule';
import { eachMatch, isAlnum, isDigit, isHex, isLetter, isWord } from './rule';

// ---- IPv4 --------------------------------------------------------------------------------------------------

// Four dotted numbers not inside a longer dotted run or a word (versions like 6.1.7601.23505 and OIDs fail here).
const IPV4 = /(?<![\w.~-])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\w|\.\d|-[A-Za-z])/g;
// A version number rather than an address when a word like these precedes it.
const VERSION_BEFORE = /(?<![A-Za-z])(?:version|ver|build|release|rev|firmware|kernel)[\s:=/]*$/i;

const validOctet = (s: string) => s.length === 1 || (s[0] !== '0' && Number(s) <= 255);

export const ipv4Rule: Rule = {
  types: ['IPv4'],
  scan(text, emit) {
    eachMatch(IPV4, text, (m) => {
      if (!validOctet(m[1] as string) || !validOctet(m[2] as string) || !validOctet(m[3] as string) || !validOctet(m[4] as string)) return;
      // Loopback and unspecified addresses identify nobody.
      if (m[1] === '127' || m[0] === '0.0.0.0') return;
      // Only a letter shortly before can make it a version ("version 1.2.3.4", "build=10.0.1.2").
      const before = m.index > 1 ? text.charCodeAt(m.index - 2) : 32;
      if ((isLetter(before) || before === 32 || before === 61 || before === 58) && VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) return;
      emit('IPv4', m.index, m.index + m[0].length);
    });
  },
};

// ---- IPv6 and MAC --------------------------------------------------------------------------------------------

// Where an IPv6 address or a colon-separated MAC may be: "::" or two groups between three colons. Times
// (12:30:45) have only two colons and do not stop here. The run around each hit is then read by hand.
const COLON_RUN = /::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/g;
const MAC_COLON = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/;

/** Whether `s` is a valid IPv6 address (full, compressed or with a trailing IPv4). */
export function isIpv6(s: string): boolean {
  let head = s;
  let groupsForTail = 0;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const octets = tail.split('.');
    if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && validOctet(o))) return false;
    head = s.slice(0, lastColon + 1) + '0'; // a stand-in group for the IPv4's first half
    groupsForTail = 1; // and its second half
  }
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = [...groups(halves[0] as string), ...(halves.length === 2 ? groups(halves[1] as string) : [])];
  if (!all.every((g) => g.length >= 1 && g.length <= 4 && [...g].every((ch) => isHex(ch.charCodeAt(0))))) return false;
  const count = all.length + groupsForTail;
  return halves.length === 2 ? count <= 7 : count === 8;
}

const isHexOrColon = (c: number) => isHex(c) || c === 58;

export const colonAddressRule: Rule = {
  types: ['IPv6', 'MAC'],
  scan(text, emit) {
    COLON_RUN.lastIndex = 0;
    for (let m = COLON_RUN.exec(text); m; m = COLON_RUN.exec(text)) {
      let start = m.index;
      while (start > 0 && isHexOrColon(text.charCodeAt(start - 1))) start--;
      let end = m.index + m[0].length;
      while (end < text.length && (isHexOrColon(text.charCodeAt(end)) || (text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1))))) end++;
      COLON_RUN.lastIndex = end;
      // Inside a word ("en0:2607:…" or "std::vector"): the address, if any, starts after the word's colon.
      while (start < end && start > 0 && (isWord(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 46)) {
        const colon = text.indexOf(':', start);
        if (colon === -1 || colon >= end) break;
        start = text.charCodeAt(colon + 1) === 58 && colon > start ? colon : colon + 1;
        if (start > 0 && text.charCodeAt(start - 1) === 58 && text.charCodeAt(start) !== 58) break;
      }
      if (start > 0 && (isWord(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 46)) continue;
      if (text.charCodeAt(start) === 58 && text.charCodeAt(start + 1) !== 58) start++; // "(en0+:2607:…": a label's colon
      // A trailing ':' (e.g. "addr fe80::1: up") is punctuation, not part of the address.
      while (end - start > 2 && text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) !== 58) end--;
      if (end < text.length && (isWord(text.charCodeAt(end)) || text.charCodeAt(end) === 58)) continue;
      const value = text.slice(start, end);
      if (MAC_COLON.test(value)) {
        const hex = value.replace(/:/g, '').toLowerCase();
        if (hex !== 'ffffffffffff' && hex !== '000000000000') emit('MAC', start, end); // not broadcast / unset
        continue;
      }
      if (!isIpv6(value)) continue;
      const compact = value.toLowerCase();
      if (/^[0:]*:1?$/.test(compact)) continue; // unspecified (::) and loopback (::1)
      // All-decimal runs (times with milliseconds) are not addresses unless compressed or full length.
      if (!value.includes('::') && !/[a-f]/i.test(value) && value.split(':').length < 8) continue;
      emit('IPv6', start, end);
    }
  },
};

// Dash-separated MACs and dashed SSNs share one pass anchored on the dash.
const DASHED = /-(?:[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}(?![\w:-])|\d\d-\d{4}(?![\w-]))/g;

/** Finds MACs like 00-1A-2B-3C-4D-5E (as MAC) and SSN-shaped NNN-NN-NNNN (handed to `onSsn`). */
export function scanDashed(text: string, emit: Emit, onSsn: (start: number, end: number) => void): void {
  eachMatch(DASHED, text, (m) => {
    const end = m.index + m[0].length;
    if (m[0].length === 8) {
      const start = m.index - 3;
      if (start >= 0 && isDigit(text.charCodeAt(start)) && isDigit(text.charCodeAt(start + 1)) && isDigit(text.charCodeAt(start + 2)) && !(start > 0 && (isWord(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 45))) onSsn(start, end);
      return;
    }
    const start = m.index - 2;
    if (start < 0 || !isHex(text.charCodeAt(start)) || !isHex(text.charCodeAt(start + 1))) return;
    if (start > 0 && (isWord(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 58 || text.charCodeAt(start - 1) === 46 || text.charCodeAt(start - 1) === 45)) return;
    const hex = text.slice(start, end).replace(/-/g, '').toLowerCase();
    if (hex !== 'ffffffffffff' && hex !== '000000000000') emit('MAC', start, end);
  });
}

// Cisco's dotted form 0050.56fa.110f: anchored on a hex digit, a dot and four more.
const MAC_CISCO = /[0-9A-Fa-f]\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])/g;

export const ciscoMacRule: Rule = {
  types: ['MAC'],
  scan(text, emit) {
    eachMatch(MAC_CISCO, text, (m) => {
      const start = m.index - 3;
      const end = m.index + m[0].length;
      if (start < 0 || ![0, 1, 2].every((k) => isHex(text.charCodeAt(start + k)))) return;
      if (start > 0 && (isWord(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 46)) return;
      if (!/[a-f]/i.test(text.slice(start, end))) return; // 1234.5678.9012 is more likely a number than a MAC
      emit('MAC', start, end);
    });
  },
};

// ---- E-mail ------------------------------------------------------------------------------------------------

const isLocalChar = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45; // . _ % + -
const isDomainChar = (c: number) => isAlnum(c) || c === 46 || c === 45;

/** From each '@': the local part to the left, a dotted domain with a letter TLD to the right. */
export const emailRule: Rule = {
  types: ['Email'],
  scan(text, emit) {
    for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
      let start = at;
      while (start > 0 && isLocalChar(text.charCodeAt(start - 1))) start--;
      while (start < at && text.charCodeAt(start) === 46) start++; // a local part does not start with '.'
      if (start === at) continue;
      let end = at + 1;
      while (end < text.length && isDomainChar(text.charCodeAt(end))) end++;
      while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
      const domain = text.slice(at + 1, end);
      const dot = domain.lastIndexOf('.');
      if (dot <= 0) continue; // user@host without a domain
      const tld = domain.slice(dot + 1);
      if (tld.length < 2 || tld.length > 24 || ![...tld].every((ch) => isLetter(ch.charCodeAt(0)))) continue;
      if (domain.includes('..')) continue;
      emit('Email', start, end);
    }
  },
};

// ---- URLs with credentials ---------------------------------------------------------------------------------

/** Characters that end a URL in running text. */
const endsUrl = (c: number) =>
  c <= 32 || c === 34 || c === 39 || c === 60 || c === 62 || c === 93 || c === 41 || c === 44 || c === 124 || c === 123 || c === 125 || c === 92 || c === 94 || c === 96;
const isSchemeChar = (c: number) => isAlnum(c) || c === 43 || c === 46 || c === 45;
/** Schemes whose user name alone (no password) is an account id worth hiding. */
const USER_ONLY_SCHEMES = new Set(['http', 'https', 'ftp', 'ftps']);

export const urlCredentialsRule: Rule = {
  types: ['UrlCredentials'],
  scan(text, emit) {
    for (let sep = text.indexOf('://'); sep !== -1; sep = text.indexOf('://', sep + 3)) {
      let start = sep;
      while (start > 0 && isSchemeChar(text.charCodeAt(start - 1))) start--;
      while (start < sep && !isLetter(text.charCodeAt(start))) start++;
      if (start === sep) continue;
      const authorityStart = sep + 3;
      let end = authorityStart;
      let at = -1;
      let colon = -1;
      for (; end < text.length; end++) {
        const c = text.charCodeAt(end);
        if (endsUrl(c) || c === 47 || c === 63 || c === 35) break; // / ? #
        if (c === 64) at = end;
        else if (c === 58 && at === -1 && colon === -1) colon = end;
      }
      if (at === -1) continue;
      const hasPassword = colon !== -1 && colon < at;
      if (!hasPassword && !USER_ONLY_SCHEMES.has(text.slice(start, sep).toLowerCase())) continue;
      if (at === authorityStart || at + 1 === end) continue; // "://@host" or "user@" with no host
      while (end < text.length && !endsUrl(text.charCodeAt(end))) end++;
      emit('UrlCredentials', start, end);
    }
  },
};

// ---- Host names --------------------------------------------------------------------------------------------

// Common public and internal suffixes: a name must end in one to count (Java packages and file names do not).
const TLDS =
  'com|net|org|edu|gov|mil|int|io|co|info|biz|dev|app|cloud|ai|me|us|uk|de|fr|nl|it|es|ru|cn|jp|kr|in|au|ca|br|ch|se|no|fi|dk|pl|at|be|cz|hk|tw|sg|nz|ie|il|za|mx|ar|local|internal|corp|lan|intranet|home|example|test|localdomain';
// Anchored on ".<tld>" (a literal dot: fast), then read leftwards over the labels.
const TLD_AT_END = new RegExp(`\\.(?:${TLDS})(?![\\w-]|\\.[A-Za-z0-9])`, 'gi');
const isLabelChar = (c: number) => isAlnum(c) || c === 45;

export const hostnameRule: Rule = {
  types: ['Hostname'],
  scan(text, emit) {
    eachMatch(TLD_AT_END, text, (m) => {
      const end = m.index + m[0].length;
      let start = m.index;
      let labels = 1;
      for (;;) {
        let labelStart = start;
        while (labelStart > 0 && isLabelChar(text.charCodeAt(labelStart - 1))) labelStart--;
        if (labelStart === start || text.charCodeAt(labelStart) === 45 || text.charCodeAt(start - 1) === 45) break;
        start = labelStart;
        labels++;
        if (start > 1 && text.charCodeAt(start - 1) === 46 && isLabelChar(text.charCodeAt(start - 2))) start--;
        else break;
      }
      if (labels < 2 || text.charCodeAt(start) === 46) return;
      const before = start > 0 ? text.charCodeAt(start - 1) : 32;
      if (before === 95 || before === 64 || before === 47 || before === 46) return; // part of an id, an e-mail or a path
      const first = text.slice(start, text.indexOf('.', start));
      // "2.de" or "x.com": numbers and one-letter names are more often versions and file names.
      if (labels === 2 && (/^\d+$/.test(first) || first.length < 2)) return;
      emit('Hostname', start, end);
    });
  },
};

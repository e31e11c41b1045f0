// Addresses: IPv4, IPv6, MAC, e-mail, URLs with credentials and host names.
import type { Rule } from './rule';
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
      if (VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) return;
      emit('IPv4', m.index, m.index + m[0].length);
    });
  },
};

// ---- IPv6 --------------------------------------------------------------------------------------------------

// Candidates: runs of hex groups and colons with at least two colons, optionally ending in a dotted IPv4.
const IPV6 = /(?<![\w.])(?:[0-9A-Fa-f]{1,4}|(?=::))(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![\w:]|\.\d)/g;

/** Whether `s` is a valid IPv6 address (full, compressed or with a trailing IPv4). */
export function isIpv6(s: string): boolean {
  let head = s;
  let groupsForTail = 0;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const octets = tail.split('.');
    if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && validOctet(o))) return false;
    head = s.slice(0, lastColon + 1) + '0'; // stand-in group, replaced below by the count
    groupsForTail = 1; // the IPv4 takes two groups: one is the stand-in
  }
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0] as string);
  const right = halves.length === 2 ? groups(halves[1] as string) : [];
  const all = [...left, ...right];
  if (!all.every((g) => g.length >= 1 && g.length <= 4 && [...g].every((ch) => isHex(ch.charCodeAt(0))))) return false;
  const count = all.length + groupsForTail;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export const ipv6Rule: Rule = {
  types: ['IPv6'],
  scan(text, emit) {
    eachMatch(IPV6, text, (m) => {
      let value = m[0];
      // A trailing ':' (e.g. "addr fe80::1: up") is punctuation, not part of the address.
      while (value.endsWith(':') && !value.endsWith('::')) value = value.slice(0, -1);
      if (!isIpv6(value)) return;
      const compact = value.toLowerCase();
      if (compact === '::' || compact === '::1' || /^[0:]+:1?$/.test(compact)) return; // unspecified / loopback
      // Times (12:30:45) and similar all-decimal runs are not addresses unless compressed or full length.
      if (!value.includes('::') && !/[a-f]/i.test(value) && value.split(':').length < 8) return;
      emit('IPv6', m.index, m.index + value.length);
    });
  },
};

// ---- MAC ---------------------------------------------------------------------------------------------------

const MAC = /(?<![\w:.-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\w:-])/g;
const MAC_CISCO = /(?<![\w.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])/g;

export const macRule: Rule = {
  types: ['MAC'],
  scan(text, emit) {
    eachMatch(MAC, text, (m) => {
      const hex = m[0].replace(/[:-]/g, '').toLowerCase();
      if (hex === 'ffffffffffff' || hex === '000000000000') return; // broadcast / unset
      emit('MAC', m.index, m.index + m[0].length);
    });
    eachMatch(MAC_CISCO, text, (m) => {
      if (!/[a-f]/i.test(m[0])) return; // 1234.5678.9012 is more likely a number than a MAC
      emit('MAC', m.index, m.index + m[0].length);
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
const HOSTNAME = new RegExp(`(?<![\\w.@/-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+(?:${TLDS})(?![\\w-]|\\.[A-Za-z0-9])`, 'gi');

export const hostnameRule: Rule = {
  types: ['Hostname'],
  scan(text, emit) {
    eachMatch(HOSTNAME, text, (m) => {
      const labels = m[0].split('.');
      // Two labels where the first is all digits or a single letter are more often numbers and file names.
      if (labels.length === 2 && (/^\d+$/.test(labels[0] as string) || (labels[0] as string).length < 2)) return;
      if (isWord(text.charCodeAt(m.index + m[0].length))) return;
      if (isDigit(m[0].charCodeAt(0)) && /^[\d.]+\.[a-z]+$/i.test(m[0]) && labels.length === 5) return; // 10.0.0.1.in-addr style
      emit('Hostname', m.index, m.index + m[0].length);
    });
  },
};

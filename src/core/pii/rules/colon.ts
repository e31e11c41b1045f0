// One pass anchored on colons: IPv6 addresses and colon-separated MACs.
import type { Rule } from './rule';
import { isDigit, isHex, isWord } from './rule';
import { isIpv6 } from './validators';

// Where an IPv6 address or a colon-separated MAC may be: "::" or two groups between three colons. Times
// (12:30:45) have only two colons and do not stop here. The run around each hit is then read by hand.
const COLON_RUN = /::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:/g;
const MAC_COLON = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/;

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
      if (end < text.length && (isWord(text.charCodeAt(end)) || (text.charCodeAt(end) === 58 && isWord(text.charCodeAt(end + 1))))) continue;
      const value = text.slice(start, end);
      if (MAC_COLON.test(value)) {
        const hex = value.replace(/:/g, '').toLowerCase();
        if (hex !== 'ffffffffffff' && hex !== '000000000000') emit('MAC', start, end); // not broadcast / unset
        continue;
      }
      if (!isIpv6(value)) continue;
      // Eight 2-digit groups are a Fibre Channel WWN (50:06:0b:…), not an IPv6 address.
      if (/^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){7}$/.test(value)) continue;
      const compact = value.toLowerCase();
      if (/^[0:]*:1?$/.test(compact)) continue; // unspecified (::) and loopback (::1)
      if (/^[0:]*:ffff:(?:127\.|0\.0\.0\.0$)/.test(compact)) continue; // the same, IPv4-mapped
      // Code, not an address: C++/Rust/Perl scopes made of hex letters (db::add(row), Bad::Face) have no digit.
      if (!/\d/.test(value) || text.charCodeAt(end) === 40 /* ( */) continue;
      // All-decimal runs (times with milliseconds) are not addresses unless compressed or full length.
      if (!value.includes('::') && !/[a-f]/i.test(value) && value.split(':').length < 8) continue;
      emit('IPv6', start, end);
    }
  },
};


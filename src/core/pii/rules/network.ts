// Addresses in running text: e-mail addresses and URLs with credentials (found from their '@' and '://').
import type { Rule } from './rule';
import { isAlnum, isLetter, REPLACEMENT, valueEndAfter, valueStartBefore } from './rule';

// ---- E-mail ------------------------------------------------------------------------------------------------

const isLocalChar = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || c === 39; // . _ % + - '
const isDomainChar = (c: number) => isAlnum(c) || c === 46 || c === 45;

const isSpaceOrEnd = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
const ID_BEFORE = /(?:message-id|call-id|callid|call_id|in-reply-to|references)["']?\s*[:=]\s*<?$/i;
const isTldChar = (c: number) => isLetter(c) || c === REPLACEMENT;

/**
 * From each '@': the local part to the left, a dotted domain with a letter TLD to the right. An undecodable byte
 * (U+FFFD) between characters of either part, or between the '@' and one of them, is part of the address.
 */
export const emailRule: Rule = {
  types: ['Email'],
  scan(text, emit) {
    let previousEnd = 0;
    for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
      // An address does not start inside the previous one (a@b.io@c.io is one address and garbage, not a chain).
      let start = Math.max(valueStartBefore(text, at, isLocalChar), previousEnd);
      // A local part does not start with '.', nor with the quote around the address ('bob@example.com').
      while (start < at && (text.charCodeAt(start) === 46 || text.charCodeAt(start) === 39)) start++;
      if (start === at) continue;
      let end = valueEndAfter(text, at + 1, isDomainChar);
      while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
      const domain = text.slice(at + 1, end);
      const dot = domain.lastIndexOf('.');
      if (dot <= 0) continue; // user@host without a domain
      const tld = domain.slice(dot + 1);
      if (tld.length < 2 || tld.length > 24 || ![...tld].every((ch) => isTldChar(ch.charCodeAt(0)))) continue;
      // Labels do not start or end with '-' (postfix@-.service is a systemd unit).
      if (domain.includes('..') || /(?:^|\.)-|-(?:\.|$)/.test(domain)) continue;
      // user@host:path is an scp/git remote (git@github.com:org/repo.git), not a mailbox.
      if (text.charCodeAt(end) === 58 && end + 1 < text.length && !isSpaceOrEnd(text.charCodeAt(end + 1))) continue;
      // Message-IDs and SIP Call-IDs have an address's shape but name a message or a call.
      if (ID_BEFORE.test(text.slice(Math.max(0, start - 14), start))) continue;
      emit('Email', start, end);
      previousEnd = end;
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
      // A '://' inside this URL (a redirect target in its query) is part of it: going on from its end keeps the scan
      // linear on a line of repeated URLs.
      sep = end - 3;
    }
  },
};

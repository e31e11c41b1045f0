// Session cookies: a Cookie or Set-Cookie header (or a "cookie" field holding one) is name=value pairs, and a value
// that looks random is a session's credential whatever the cookie's name (session, sid, connect.sid, remember_me…).
// The word "cookie" rides along the key-word pass (secrets.ts): one pass over the text, not one more.
import { looksRandom } from './randomLooking';
import type { Emit } from './rule';

/** After the word: Cookie: / Set-Cookie: / "cookie": " / cookies= */
const HEADER = /s?["']?[ \t]*[:=][ \t]*["']?/y;
/** One name=value pair, the value maybe quoted (RFC 6265); bounded, so each read is linear. */
const PAIR = /[ \t]*[^\s=;,"']{1,100}=("?)([^\s;,"]{0,4096})\1/y;
/** A Cookie header holds a few dozen pairs at most; past that, the rest is not read. */
const MAX_PAIRS = 64;

/** The random-looking cookie values of the header whose word "cookie" is at `at` (Set-Cookie, x-cookie too), if it is one. */
export function cookieValuesAt(text: string, at: number, emit: Emit): void {
  HEADER.lastIndex = at + 'cookie'.length;
  if (!HEADER.exec(text)) return;
  let from = HEADER.lastIndex;
  for (let pairs = 0; pairs < MAX_PAIRS; pairs++) {
    PAIR.lastIndex = from;
    const pair = PAIR.exec(text);
    if (!pair) return;
    const value = pair[2] as string;
    const end = PAIR.lastIndex - (pair[1] as string).length;
    if (looksRandom(value)) emit('Secret', end - value.length, end);
    // The next pair follows a ; (Set-Cookie's attributes too: Path=/, Expires=Wed, 21 Oct … ends the reading).
    from = PAIR.lastIndex;
    while (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9) from++;
    if (text.charCodeAt(from) !== 59 /* ; */) return;
    from++;
  }
}

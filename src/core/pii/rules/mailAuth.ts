// SMTP's AUTH in a mail client's or server's trace: PLAIN sends user and password together in base64
// (\0user\0password), on the AUTH line or the line after the server's 334; LOGIN sends the password, in base64, on
// the line after the server's prompt `334 UGFzc3dvcmQ6` (base64 of "Password:"). Read only after an AUTH PLAIN or
// LOGIN command, which the key-word pass finds (secrets.ts): prose about "auth plain" has no base64 of that shape.
import type { Emit } from './rule';

/** How far after the AUTH command its credentials are looked for (a few trace lines). */
const REACH = 600;
/** A base64 word: letters, digits, + and /, padded to a multiple of 4 characters. */
const BASE64_WORD = /(?<![\w+/=])((?:[A-Za-z0-9+/]{4}){2,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)(?![\w+/=])/g;
const PASSWORD_PROMPT = /334[ \t]+UGFzc3dvcmQ6[ \t]*\r?\n[^\n]*?(?<![\w+/=])((?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)[ \t]*(?:\r?\n|$)/;

const AUTH_COMMAND = /^auth[ \t]+(plain|login)\b/i;

/** Whether a base64 word decodes to PLAIN's credentials: authorization id, user and password, split by NUL. */
const isPlainCredentials = (word: string) => atob(word).split('\0').length === 3; // BASE64_WORD only passes valid base64

/**
 * The password of the SMTP AUTH PLAIN or AUTH LOGIN command at `at` ("AUTH" itself), if its trace holds one. Returns
 * whether there is such a command at `at` (else the word is some other auth: auth=…, "auth":…).
 */
export function mailAuthAt(text: string, at: number, emit: Emit): boolean {
  const reach = text.slice(at, at + REACH);
  const mechanism = AUTH_COMMAND.exec(reach)?.[1];
  if (!mechanism) return false;
  if (mechanism.toLowerCase() === 'login') {
    const prompt = PASSWORD_PROMPT.exec(reach);
    const password = prompt?.[1];
    if (prompt && password) {
      const start = at + prompt.index + prompt[0].lastIndexOf(password);
      emit('Password', start, start + password.length);
    }
    return true;
  }
  BASE64_WORD.lastIndex = 0;
  for (let m = BASE64_WORD.exec(reach); m; m = BASE64_WORD.exec(reach)) {
    if (!isPlainCredentials(m[1] as string)) continue;
    emit('Password', at + m.index, at + m.index + m[0].length);
    break;
  }
  return true;
}

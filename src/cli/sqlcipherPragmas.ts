// SQLCipher's own pragmas (`PRAGMA key`, `rekey`, `hexkey`, `cipher_*`, `kdf_iter`, …) do nothing in our SQLite
// build — the key is given on the command line and our VFS applies it, with SQLCipher 4's fixed settings — so a
// script that relies on one is refused, not run: `PRAGMA rekey` would "succeed" and change nothing, and an empty
// `cipher_integrity_check` would read as "no damage found".
const SQLCIPHER_PRAGMA =
  /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*PRAGMA\s+(?:(?:"[^"]*"|`[^`]*`|\[[^\]]*\]|\w+)\s*\.\s*)?["`[]?(key|rekey|hexkey|hexrekey|textkey|textrekey|kdf_iter|fast_kdf_iter|hmac_\w+|cipher\w*)["`\]]?\s*(?:[=(;]|$)/i;

/** The SQLCipher pragma a statement is (lower case), or undefined. */
export function sqlcipherPragmaOf(statement: string): string | undefined {
  return SQLCIPHER_PRAGMA.exec(statement)?.[1]?.toLowerCase();
}

/** Why `exec` refuses it, and what to use instead. */
export function refusalFor(pragma: string): string {
  const because = `exec does not run PRAGMA ${pragma}: SQLCipher's pragmas do nothing in trcaa-db (the key is given with --key, --passphrase-env or --plain). Nothing was run.`;
  if (/^(key|rekey|hexkey|hexrekey|textkey|textrekey)$/.test(pragma)) return `${because} To change the key, use "trcaa-db rekey <db-file> <key option> <new key option>".`;
  if (pragma === 'cipher_integrity_check') return `${because} To check every page's HMAC and SQLite's integrity, use "trcaa-db check <db-file> <key option>".`;
  return `${because} The format is SQLCipher 4's defaults; only the page size of a new database can be chosen (create --cipher-page-size 4096|16384).`;
}

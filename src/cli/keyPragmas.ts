// SQLCipher's key pragmas (`PRAGMA key`, `rekey`, `hexkey`, …) do nothing in our SQLite build — the key is
// given on the command line and applied by our VFS — so a script that relies on them is refused, not run.
const KEY_PRAGMA = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*PRAGMA\s+(?:(?:"[^"]*"|`[^`]*`|\[[^\]]*\]|\w+)\s*\.\s*)?["`[]?(key|rekey|hexkey|hexrekey|textkey|textrekey)["`\]]?\s*(?:[=(;]|$)/i;

/** The key pragma a statement is (lower case), or undefined. */
export function keyPragmaOf(statement: string): string | undefined {
  return KEY_PRAGMA.exec(statement)?.[1]?.toLowerCase();
}

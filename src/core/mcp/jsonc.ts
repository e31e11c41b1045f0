// VS Code's own JSON files (mcp.json, settings) allow comments and trailing commas; JSON.parse does not.
// Removes both outside strings (block comments become spaces, so line numbers hold), then parses.

/** Parses JSON with comments and trailing commas; throws SyntaxError like JSON.parse. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] as string;
    if (ch === '"') {
      // A string, copied as it is (escapes included).
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const comment = text.slice(i, end < 0 ? n : end + 2);
      out += comment.replace(/[^\n]/g, ' ');
      i += comment.length;
    } else {
      out += ch;
      i++;
    }
  }
  // A comma before a closing bracket goes; commas inside strings stay (the walk skips strings).
  return JSON.parse(dropTrailingCommas(out));
}

const NEXT_NON_SPACE = /\S/g;

function dropTrailingCommas(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === ',') {
      NEXT_NON_SPACE.lastIndex = i + 1;
      const next = NEXT_NON_SPACE.exec(text)?.[0];
      if (next !== '}' && next !== ']') out += ch;
    } else out += ch;
  }
  return out;
}

// User text inside generated Markdown: whatever a person typed (titles, descriptions, answers, log names) must
// render as that text and never as markup. Raw HTML is disabled in our renderer, but the stored Markdown also
// leaves the machine (export), so it is escaped for any CommonMark/GFM renderer — and only where a character would
// mean something there, so the source stays readable: `max_connections` and `~8%` are left as they are (an
// intraword underscore opens no emphasis, a lone tilde strikes nothing), `*`, `<tag`, `[`, backticks and block
// starts are escaped. Only ASCII punctuation is touched: emoji, CJK and every other character pass through.

// C0 controls other than tab and newline have no place in a document (a NUL would also cut text short).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Line breaks as \n (a lone \r is one too: old Mac text), then the controls gone — \r among them, so breaks first. */
const clean = (text: string): string => text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '');

/** One line of text safe anywhere inline (a heading, a paragraph, a list item): newlines become spaces. */
export function escapeInline(text: string): string {
  // Trimmed: a leading tab would indent the line into a code block, trailing spaces make a hard line break.
  const line = clean(text).replace(/\s*\n+\s*/g, ' ').trim();
  return escapeLineStart(escapeChars(line));
}

/** A table cell: one line (line breaks become ' / ', never <br>: no raw HTML), pipes escaped; empty → '—'. */
export function escapeTableCell(text: string | null | undefined): string {
  const cell = clean(text ?? '').trim();
  if (!cell) return '—';
  return escapeChars(cell.split(/\s*\n+\s*/).join(' / ').replace(/\t/g, ' '), { pipes: true });
}

/**
 * Several lines of prose (a description, an answer): paragraphs kept (blank lines), each line escaped, and
 * whatever would start a block (list marker, heading, quote, fence, setext underline, indented code, a table's
 * delimiter row) neutralised.
 */
export function escapeBlock(text: string): string {
  const lines = clean(text).split('\n');
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\t/g, '    ').trim();
    if (!line) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    // A line of only pipes, dashes and colons under another line would make that line a table header: its pipes are
    // escaped and, for a row without any (":---"), its leading colon.
    const delimiterRow = /^[|:\s-]*-[|:\s-]*$/.test(line);
    const escaped = escapeLineStart(escapeChars(line, { pipes: delimiterRow }));
    out.push(delimiterRow && !line.includes('|') ? escaped.replace(/^:/, '\\:') : escaped);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** A piece of a line that is not at its start (between other inline parts): spaces kept as they are. */
export function escapeFragment(text: string): string {
  return escapeChars(clean(text).replace(/\n+/g, ' '));
}

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
/** An entity reference (`&amp;`, `&#60;`, `&#x3C;`) would be decoded: its ampersand is escaped, a lone `&` is left alone. */
const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * Escapes the characters of one line that could be read as inline markup. The text's ends count as unknown
 * neighbours (the caller may put markup there), so a marker there is always escaped.
 */
function escapeChars(text: string, options: { pipes?: boolean } = {}): string {
  const chars = Array.from(text);
  const at = (i: number) => chars[i] ?? '';
  const tildes = chars.filter((c) => c === '~').length;
  // Where a heading's closing sequence would start (in characters), if the text ends with one.
  const closing = /(?<=^|\s)#+ *$/.exec(text);
  const closingHashes = closing ? Array.from(text.slice(0, closing.index)).length : Infinity;
  let out = '';
  for (let i = 0; i < chars.length; ) {
    const c = chars[i];
    if (c === '*' || c === '_' || c === '~') {
      // A delimiter run: emphasis (or strikethrough) needs it to be flanking; whether it can is decided by the
      // characters on both sides of the whole run.
      let end = i;
      while (chars[end] === c) end++;
      const before = at(i - 1);
      const after = at(end);
      const inert =
        (SPACE.test(before) && SPACE.test(after)) ||
        (c === '_' && WORD.test(before) && WORD.test(after)) ||
        // GFM strikes through between two tilde runs; markdown-it needs two tildes: one lone tilde is text.
        (c === '~' && end - i === 1 && tildes === 1 && before !== '' && after !== '');
      out += inert ? chars.slice(i, end).join('') : chars.slice(i, end).map((x) => `\\${x}`).join('');
      i = end;
      continue;
    }
    out += escapeChar(c, i);
    i++;
  }
  return out;

  function escapeChar(c: string, i: number): string {
    const next = at(i + 1);
    switch (c) {
      case '\\':
        // Only a backslash before punctuation (or at the end, where the caller's markup may follow) escapes.
        return next === '' || ASCII_PUNCTUATION.test(next) ? '\\\\' : c;
      case '`':
      case '[':
        return `\\${c}`;
      case '<':
        // Raw HTML starts with `<` and a letter, `/`, `!` or `?`, an e-mail autolink with any character of an
        // address (`<8@a>`, `<.x@y>`): whatever follows but a space. `a < b` is text.
        return next === '' || !SPACE.test(next) ? '\\<' : c;
      case '&':
        return ENTITY.test(chars.slice(i, i + 40).join('')) ? '\\&' : c;
      case '|':
        return options.pipes ? '\\|' : c;
      case '#':
        // A heading's closing sequence (`#`s at the end of the line after a space) would be dropped.
        return i >= closingHashes ? '\\#' : c;
      default:
        return c;
    }
  }
}

/** Block starts that survive escapeChars: `- `, `+ `, `1. `/`1) `, `#`, `>`, `=`/`-` underlines, thematic breaks. */
function escapeLineStart(line: string): string {
  const trimmed = line.replace(/^ +/, '');
  const ordered = /^(\d{1,9})([.)])(?=\s|$)/.exec(trimmed);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${trimmed.slice(ordered[0].length)}`;
  if (/^[-+=#>]/.test(trimmed)) return `\\${trimmed}`;
  return trimmed;
}

/** Inline code for a value that is never user prose (an id, a hash): backticks inside are impossible there, but guarded. */
export function inlineCode(text: string): string {
  const code = clean(text).replace(/\n+/g, ' ');
  const longest = Math.max(0, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}

/** A GFM table; every cell is escaped here, so callers pass plain text. */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | null | undefined>>, options: { rawCells?: boolean } = {}): string {
  const cell = (value: string | null | undefined) => (options.rawCells ? (value ?? '—') : escapeTableCell(value));
  const lines = [`| ${headers.map(escapeTableCell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${headers.map((_, i) => cell(row[i])).join(' | ')} |`);
  return lines.join('\n');
}

/** How a prompt begins: readers of a document (the integrations) know a prompt by it. */
export const TO_BE_WRITTEN = 'To be written:';

/** A prompt for what a person must write: italic text, never an HTML comment (raw HTML is disabled). */
export function toBeWritten(what: string): string {
  return `_${TO_BE_WRITTEN} ${escapeInline(what)}_`;
}

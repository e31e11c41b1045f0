// User text inside generated Markdown: whatever a person typed (titles, descriptions, answers, log names) must
// render as that text and never as markup. Raw HTML is disabled in our renderer, but the stored Markdown also
// leaves the machine (export), so it is escaped for any CommonMark/GFM renderer. Only ASCII punctuation is
// touched: emoji, CJK and every other character pass through as they are.

// C0 controls other than tab and newline have no place in a document (a NUL would also cut text short).
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Characters with inline meaning anywhere in a line: emphasis, code, links, autolinks/HTML, tables, strikethrough. */
const INLINE_SPECIAL = /[\\`*_[\]<>#|~]/g;
/** An entity reference (`&amp;`, `&#60;`) would be decoded: its ampersand is escaped, a lone `&` is left alone. */
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;

/** One line of text safe anywhere inline (a heading, a paragraph, a list item): newlines become spaces. */
export function escapeInline(text: string): string {
  const line = text.replace(CONTROL_CHARS, '').replace(/\s*[\r\n]+\s*/g, ' ');
  return escapeLineStart(escapeChars(line));
}

/** A table cell: one line (line breaks become ' / ', never <br>: no raw HTML), pipes escaped; empty → '—'. */
export function escapeTableCell(text: string | null | undefined): string {
  const clean = (text ?? '').replace(CONTROL_CHARS, '').trim();
  if (!clean) return '—';
  return escapeChars(clean.split(/\s*[\r\n]+\s*/).join(' / ').replace(/\t/g, ' '));
}

/**
 * Several lines of prose (a description, an answer): paragraphs kept (blank lines), each line escaped, and
 * whatever would start a block (list marker, heading, quote, fence, setext underline, indented code) neutralised.
 */
export function escapeBlock(text: string): string {
  const lines = text.replace(CONTROL_CHARS, '').replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\t/g, '    ').trim();
    if (!line) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    out.push(escapeLineStart(escapeChars(line)));
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** A piece of a line that is not at its start (between other inline parts): spaces kept as they are. */
export function escapeFragment(text: string): string {
  return escapeChars(text.replace(CONTROL_CHARS, '').replace(/[\r\n]+/g, ' '));
}

function escapeChars(text: string): string {
  return text.replace(INLINE_SPECIAL, '\\$&').replace(ENTITY, '\\&');
}

/** Block starts that survive escapeChars: `- `, `+ `, `1. `/`1) `, `=`/`-` underlines, thematic breaks. */
function escapeLineStart(line: string): string {
  const trimmed = line.replace(/^ +/, '');
  const ordered = /^(\d{1,9})([.)])(?=\s|$)/.exec(trimmed);
  if (ordered) return `${ordered[1]}\\${ordered[2]}${trimmed.slice(ordered[0].length)}`;
  if (/^[-+=]/.test(trimmed)) return `\\${trimmed}`;
  return trimmed;
}

/** Inline code for a value that is never user prose (an id, a hash): backticks inside are impossible there, but guarded. */
export function inlineCode(text: string): string {
  const clean = text.replace(CONTROL_CHARS, '').replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...Array.from(clean.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A GFM table; every cell is escaped here, so callers pass plain text. */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | null | undefined>>, options: { rawCells?: boolean } = {}): string {
  const cell = (value: string | null | undefined) => (options.rawCells ? (value ?? '—') : escapeTableCell(value));
  const lines = [`| ${headers.map(escapeTableCell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${headers.map((_, i) => cell(row[i])).join(' | ')} |`);
  return lines.join('\n');
}

/** A prompt for what a person must write: italic text, never an HTML comment (raw HTML is disabled). */
export function toBeWritten(what: string): string {
  return `_To be written: ${escapeInline(what)}_`;
}

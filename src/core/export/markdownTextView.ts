// What a Markdown reader sees of backslash escapes: `carol\_diaz` reads as `carol_diaz`. The generated documents
// escape user text this way (core/documents/markdownText.ts), which can split a value for the PII detector, so the
// detector also reads this view and its spans are mapped back onto the Markdown source.

/** ASCII punctuation: the characters CommonMark lets a backslash escape. */
const ESCAPABLE = /[!-/:-@[-`{-~]/;

export interface MarkdownTextView {
  /** The text with every backslash escape replaced by the character it escapes. */
  text: string;
  /** offsets[k]: where view character k starts in the source (an escape starts at its backslash); offsets[text.length] = source length. */
  offsets: Uint32Array;
}

/** The view of `markdown`, or null when it has no backslash escape (the view would be the source itself). */
export function unescapedView(markdown: string): MarkdownTextView | null {
  if (!/\\[!-/:-@[-`{-~]/.test(markdown)) return null;
  const chars: string[] = [];
  const offsets = new Uint32Array(markdown.length + 1);
  let i = 0;
  while (i < markdown.length) {
    offsets[chars.length] = i;
    const escaped = markdown[i] === '\\' && ESCAPABLE.test(markdown[i + 1] ?? '');
    chars.push(markdown[escaped ? i + 1 : i] as string);
    i += escaped ? 2 : 1;
  }
  offsets[chars.length] = markdown.length;
  return { text: chars.join(''), offsets: offsets.subarray(0, chars.length + 1) };
}

/** The source range of the view range [start, end): escapes inside it, and the backslash of an escaped first character, included. */
export function sourceRange(view: MarkdownTextView, start: number, end: number): { start: number; end: number } {
  return { start: view.offsets[start] as number, end: view.offsets[end] as number };
}

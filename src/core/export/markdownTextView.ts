// What a Markdown reader sees: `carol\_diaz` reads as `carol_diaz`, `carol&#64;x.org` as `carol@x.org`. The generated
// documents escape user text with backslashes (core/documents/markdownText.ts) and anyone may type a character
// reference, either of which can split a value for the PII detector; so the detector also reads this view and its
// spans are mapped back onto the Markdown source.
import MarkdownIt from 'markdown-it';

/** ASCII punctuation: the characters CommonMark lets a backslash escape. */
const ESCAPABLE = /[!-/:-@[-`{-~]/;
/** A character reference as CommonMark reads it: named, decimal or hexadecimal. */
const REFERENCE = /&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/y;
const NEEDS_VIEW = /\\[!-/:-@[-`{-~]|&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/;

let decodeReference: ((reference: string) => string) | undefined;
/** markdown-it's own decoding (the HTML5 entity table, invalid code points as U+FFFD), so the view is what it renders. */
function decoded(reference: string): string {
  decodeReference ??= new MarkdownIt().utils.unescapeAll;
  return decodeReference(reference);
}

export interface MarkdownTextView {
  /** The text with every backslash escape and character reference replaced by what it stands for. */
  text: string;
  /** offsets[k]: where view character k starts in the source (an escape or reference starts at its \ or &); offsets[text.length] = source length. */
  offsets: Uint32Array;
}

/** The view of `markdown`, or null when it has no escape or reference (the view would be the source itself). */
export function unescapedView(markdown: string): MarkdownTextView | null {
  if (!NEEDS_VIEW.test(markdown)) return null;
  const units: string[] = [];
  const starts: number[] = [];
  let i = 0;
  while (i < markdown.length) {
    let length = 1;
    let shown = markdown[i] as string;
    if (shown === '\\' && ESCAPABLE.test(markdown[i + 1] ?? '')) {
      length = 2;
      shown = markdown[i + 1] as string;
    } else if (shown === '&') {
      REFERENCE.lastIndex = i;
      const reference = REFERENCE.exec(markdown)?.[0];
      if (reference && decoded(reference) !== reference) {
        length = reference.length;
        shown = decoded(reference);
      }
    }
    for (const unit of shown.split('')) {
      units.push(unit);
      starts.push(i);
    }
    i += length;
  }
  starts.push(markdown.length);
  return { text: units.join(''), offsets: Uint32Array.from(starts) };
}

/** The source range of the view range [start, end): escapes and references inside it, and the one its first character comes from, included. */
export function sourceRange(view: MarkdownTextView, start: number, end: number): { start: number; end: number } {
  return { start: view.offsets[start] as number, end: view.offsets[end] as number };
}

// A placeholder written into Markdown (`[Email]`, `[IPv4]`) must read as the text it is: left bare, its brackets
// complete whatever the text around it began — "[IPv4]: unreachable" is a link reference definition (the line
// vanishes, every other [IPv4] links to "unreachable"), "[Email](primary)" a link. So it is written `\[IPv4\]`,
// except inside code and autolinks, where a backslash is no escape and would show (and nothing there is markup).
// Where each one lands is read from markdown-it's tokens of the text with every placeholder a plain word.
import MarkdownIt, { type Token } from 'markdown-it';
import type { RedactionSpan } from '../pii/redact';
import { mergeSpans, redactText } from '../pii/redact';

const parser = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** `[IPv4]` → `\[IPv4\]`: every bracket escaped, so none opens or closes a link. */
export const escapePlaceholder = (placeholder: string) => placeholder.replace(/[[\]]/g, '\\$&');

/** The Markdown with each span replaced by its placeholder, escaped wherever a backslash escape is read. */
export function redactMarkdownSource(markdown: string, spans: readonly RedactionSpan[]): string {
  const merged = mergeSpans(spans, markdown.length);
  if (merged.length === 0) return markdown;
  // A marker made of letters and digits is no markup, so the text parses as it will read; its key is not in the text.
  let key = 'zqx';
  while (markdown.includes(key)) key += 'j';
  const marked = redactText(markdown, merged.map((span, i) => ({ ...span, replacement: `${key}${i}${key}` })));
  const literal = new Set<number>();
  const markersIn = (text: string) => {
    for (const match of text.matchAll(new RegExp(`${key}(\\d+)${key}`, 'g'))) literal.add(Number(match[1]));
  };
  for (const token of parser.parse(marked, {})) {
    if (token.type === 'fence' || token.type === 'code_block') markersIn(token.content);
    if (token.type === 'inline') literalChildren(token.children ?? [], markersIn);
  }
  return redactText(markdown, merged.map((span, i) => (literal.has(i) ? span : { ...span, replacement: escapePlaceholder(span.replacement) })));
}

/** Reads the text of code spans and autolinks, where escapes are not read. */
function literalChildren(children: readonly Token[], read: (text: string) => void): void {
  let inAutolink = false;
  for (const child of children) {
    if (child.type === 'code_inline') read(child.content);
    else if (child.type === 'link_open' && child.markup === 'autolink') inAutolink = true;
    else if (child.type === 'link_close') inAutolink = false;
    else if (inAutolink && child.type === 'text') read(child.content);
  }
}

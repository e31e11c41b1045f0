// What a Markdown paragraph reads as, without its markup: for the plain-text fields of the integrations (a task's
// title, ServiceNow's close notes), where `\[db\-01\]` or `**owner**` would show as written.
import MarkdownIt, { type Token } from 'markdown-it';
import { TO_BE_WRITTEN } from '../documents/markdownText';

export const markdownParser = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** An inline token's text: escapes resolved, emphasis and link markup gone, code as written; line breaks as `lineBreak`. */
export function inlineText(inline: Token | undefined, lineBreak = ' '): string {
  let text = '';
  for (const child of inline?.children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += lineBreak;
    else if (child.type === 'image') text += inlineText(child, lineBreak);
  }
  return text.trim();
}

/** "_To be written: …_": a prompt the generator left for a person, not content. */
export function isPrompt(inline: Token | undefined): boolean {
  const children = inline?.children ?? [];
  return children[0]?.type === 'em_open' && children[children.length - 1]?.type === 'em_close' && inlineText(inline).startsWith(TO_BE_WRITTEN);
}

/** A document's Markdown as plain text (ServiceNow's close notes): paragraphs, "- " list items, table rows "a | b", code as written; prompts left out. */
export function markdownToPlainText(markdown: string): string {
  // A list's items and a table's rows follow each other line by line; other blocks are paragraphs apart.
  const pieces: { text: string; group: 'list' | 'table' | null }[] = [];
  let depth = 0;
  let marker = '';
  let row: string[] | null = null;
  for (const token of markdownParser.parse(markdown, {})) {
    if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') depth++;
    else if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') depth--;
    else if (token.type === 'list_item_open') marker = `${'  '.repeat(depth - 1)}${token.info ? `${token.info}.` : '-'} `;
    else if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close' && row) {
      pieces.push({ text: row.join(' | '), group: 'table' });
      row = null;
    } else if (token.type === 'fence' || token.type === 'code_block') pieces.push({ text: token.content.replace(/\n$/, ''), group: null });
    else if (token.type === 'inline' && row) row.push(inlineText(token));
    else if (token.type === 'inline' && !isPrompt(token) && inlineText(token)) {
      pieces.push({ text: `${marker}${inlineText(token, '\n')}`, group: depth > 0 ? 'list' : null });
      marker = '';
    }
  }
  return pieces.map((piece, i) => (i === 0 ? '' : piece.group && piece.group === pieces[i - 1]?.group ? '\n' : '\n\n') + piece.text).join('');
}

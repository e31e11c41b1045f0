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

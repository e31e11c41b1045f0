// A document's section and its list items as a Markdown reader sees them, from markdown-it's tokens (their source
// line ranges), so a "# comment" or "- item" line inside a code block is code: never a heading, never an action.
import { inlineText, isPrompt, markdownParser } from './markdownPlain';

/** The text under a level-1 or level-2 heading (up to the next one), or null when it is absent or empty. */
export function sectionText(markdown: string, heading: string): string | null {
  const tokens = markdownParser.parse(markdown, {});
  const isTopHeading = (i: number) => tokens[i]?.type === 'heading_open' && tokens[i]?.level === 0 && /^h[12]$/.test(tokens[i]?.tag ?? '');
  const wanted = heading.toLowerCase();
  const start = tokens.findIndex((_, i) => isTopHeading(i) && tokens[i + 1]?.content.trim().toLowerCase() === wanted);
  if (start < 0) return null;
  const next = tokens.findIndex((_, i) => i > start && isTopHeading(i));
  // Lines as markdown-it numbers them: after its own line-break normalisation.
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const text = lines.slice(tokens[start]?.map?.[1], next < 0 ? lines.length : tokens[next]?.map?.[0]).join('\n').trim();
  return text ? text : null;
}

/** The outermost list items of a section as plain text ("- grow the **pool**" → "grow the pool"), prompts left out: corrective actions as child tasks. */
export function listItems(sectionMarkdown: string): string[] {
  const tokens = markdownParser.parse(sectionMarkdown, {});
  const items: string[] = [];
  let depth = 0;
  tokens.forEach((token, i) => {
    if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') depth++;
    else if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') depth--;
    // An item's own text is its first paragraph; one that starts with a code block or nothing has none.
    else if (token.type === 'list_item_open' && depth === 1 && tokens[i + 1]?.type === 'paragraph_open') {
      const inline = tokens[i + 2];
      const text = inlineText(inline).replace(/^\[[ xX]\]\s+/, '');
      if (text && !isPrompt(inline)) items.push(text);
    }
  });
  return items;
}

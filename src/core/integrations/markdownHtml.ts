// Markdown → HTML for Azure DevOps' System.Description (which it renders as HTML) and ServiceNow's plain text:
// markdown-it with raw HTML off, so the text's own markup is escaped; no images are loaded from anywhere.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable('image');

export function markdownToHtml(text: string): string {
  return markdown.render(text).trim();
}

/** The list items of a section ("- grow the pool" → "grow the pool"), for corrective actions as child tasks. */
export function listItems(sectionText: string): string[] {
  return sectionText
    .split(/\r?\n/)
    .map((line) => /^\s{0,3}(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.+?)\s*$/.exec(line)?.[1] ?? '')
    .filter((item) => item !== '' && !/^_.*_$/.test(item));
}

/** The text under a level-1 or level-2 heading (up to the next one), or null when it is absent or empty. */
export function sectionText(markdown: string, heading: string): string | null {
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^#{1,2}\\s+${escaped}\\s*#*\\s*$([\\s\\S]*?)(?=^#{1,2}\\s|(?![\\s\\S]))`, 'im').exec(markdown);
  const text = match?.[1]?.trim();
  return text ? text : null;
}

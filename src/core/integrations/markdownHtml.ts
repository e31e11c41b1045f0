// Markdown → HTML for Azure DevOps' System.Description (which it renders as HTML) and ServiceNow's plain text:
// markdown-it with raw HTML off, so the text's own markup is escaped; no images are loaded from anywhere.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable('image');

export function markdownToHtml(text: string): string {
  return markdown.render(text).trim();
}

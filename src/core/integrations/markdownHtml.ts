// An incident's description as HTML for Azure DevOps' System.Description (which it renders as HTML): markdown-it
// with raw HTML off; no images are loaded from anywhere.
import MarkdownIt from 'markdown-it';
import { escapeBlock } from '../documents/markdownText';

// Typed text (an incident's description) is no Markdown: escaped first as the generated documents escape it, so
// "# of failed pods" or "__pycache__" show as typed, and each line break kept as one.
const withBreaks = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true }).disable('image');

/** Plain text as HTML: its characters as typed, its lines and paragraphs kept. */
export function textToHtml(text: string): string {
  return withBreaks.render(escapeBlock(text)).trim();
}

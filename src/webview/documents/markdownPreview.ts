// The preview is rendered on the host: markdown-it with raw HTML off, so a title like `<script>` is shown as text,
// and only markdown-it's own safe links (no javascript:, vbscript:, file:, data: other than images) come out.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function renderPreview(text: string): string {
  return markdown.render(text);
}

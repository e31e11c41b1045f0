// The preview is rendered on the host: markdown-it with raw HTML off, so a title like `<script>` is shown as text,
// and only markdown-it's own safe links (no javascript:, vbscript:, file:, data: other than images) come out.
// Every block carries data-line (its first source line) so the preview and the text editor scroll together.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
markdown.core.ruler.push('source_lines', (state) => {
  for (const token of state.tokens) {
    if (token.map && (token.nesting === 1 || token.type === 'fence' || token.type === 'code_block' || token.type === 'hr')) token.attrSet('data-line', String(token.map[0]));
  }
});

export function renderPreview(text: string): string {
  return markdown.render(text);
}

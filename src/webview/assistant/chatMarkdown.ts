// An answer's Markdown as the chat shows it, rendered on the host: markdown-it with raw HTML off (a model's
// `<img onerror>` or `<script>` is shown as text), no images (nothing is fetched because a model wrote a URL), and
// only markdown-it's safe links. `log:<id>#L…` references become links the panel opens in the stored log.
import MarkdownIt from 'markdown-it';
import { parseLogRefs } from '../../core/whys/logRefs';

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable('image');

markdown.core.ruler.push('log_refs', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let inLink = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') inLink++;
      if (token.type === 'link_close') inLink--;
      const refs = token.type === 'text' && !inLink ? parseLogRefs(token.content) : [];
      if (!refs.length) {
        out.push(token);
        continue;
      }
      let at = 0;
      const text = (content: string) => Object.assign(new state.Token('text', '', 0), { content });
      for (const ref of refs) {
        if (ref.start > at) out.push(text(token.content.slice(at, ref.start)));
        const open = new state.Token('link_open', 'a', 1);
        open.attrSet('href', token.content.slice(ref.start, ref.end));
        open.attrSet('class', 'log-ref');
        out.push(open, text(token.content.slice(ref.start, ref.end)), new state.Token('link_close', 'a', -1));
        at = ref.end;
      }
      if (at < token.content.length) out.push(text(token.content.slice(at)));
    }
    block.children = out;
  }
});

/** Safe HTML for an answer (whole, or the part that arrived so far). */
export function renderAnswer(text: string): string {
  return markdown.render(text);
}

/** The links an answer may open: web pages and mail, after a confirmation. Anything else is refused. */
export function externalLink(href: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:' ? url : undefined;
}

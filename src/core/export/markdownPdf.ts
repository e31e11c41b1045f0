// Markdown → pdfmake content. markdown-it parses (CommonMark + GFM tables, raw HTML off, so `<script>` stays text);
// each token becomes plain pdfmake content: nothing here loads an image, a URL or a file.
import MarkdownIt, { type Token } from 'markdown-it';
import type { Content, ContentText } from 'pdfmake/interfaces';

/** One piece of text and the font family it must be drawn with (undefined: the document's default). */
export interface TextRun {
  text: string;
  font?: string;
}

/**
 * Splits text into runs by font (e.g. CJK characters to a CJK font; code to a monospace font when there is one);
 * the default keeps the text whole.
 */
export type SplitText = (text: string, code?: boolean) => TextRun[];

interface InlineStyle {
  bold?: boolean;
  italics?: boolean;
  code?: boolean;
  link?: string;
  strike?: boolean;
}

const HEADING_SIZES: Record<string, number> = { h1: 22, h2: 18, h3: 15, h4: 13, h5: 12, h6: 11 };
const CONTENT_WIDTH = 515; // A4 (595.28 pt) less 40 pt margins on both sides
const CODE_FILL = '#f0f0f0';
const LINK_COLOR = '#1a0dab';

const parser = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Links become clickable only for these schemes; the URL is also printed, so the reader sees where it goes. */
function safeLink(href: string | null): string | undefined {
  return href && /^(https?:|mailto:)/i.test(href) ? href : undefined;
}

function styledRuns(text: string, style: InlineStyle, split: SplitText): ContentText[] {
  return split(text, style.code === true).map((run) => {
    const out: ContentText = { text: run.text };
    if (run.font) out.font = run.font;
    if (style.bold) out.bold = true;
    if (style.italics) out.italics = true;
    if (style.code) out.background = CODE_FILL;
    if (style.strike) out.decoration = 'lineThrough';
    if (style.link) {
      out.link = style.link;
      out.color = LINK_COLOR;
      out.decoration = 'underline';
    }
    return out;
  });
}

/** The inline children of one block (paragraph, heading, table cell) as pdfmake text runs. */
export function inlineRuns(children: Token[], split: SplitText): ContentText[] {
  const runs: ContentText[] = [];
  const style: InlineStyle = {};
  let linkHref: string | null = null;
  for (const token of children) {
    switch (token.type) {
      case 'text':
        runs.push(...styledRuns(token.content, style, split));
        break;
      case 'code_inline':
        runs.push(...styledRuns(token.content, { ...style, code: true }, split));
        break;
      case 'softbreak':
        runs.push({ text: ' ' });
        break;
      case 'hardbreak':
        runs.push({ text: '\n' });
        break;
      case 'strong_open': style.bold = true; break;
      case 'strong_close': style.bold = false; break;
      case 'em_open': style.italics = true; break;
      case 'em_close': style.italics = false; break;
      case 's_open': style.strike = true; break;
      case 's_close': style.strike = false; break;
      case 'link_open':
        linkHref = String(token.attrGet('href') ?? '') || null;
        style.link = safeLink(linkHref);
        break;
      case 'link_close':
        style.link = undefined;
        // The URL is printed after the link text (unless the text is the URL itself).
        if (linkHref && !runs.some((run) => run.text === linkHref)) runs.push(...styledRuns(` (${linkHref})`, {}, split));
        linkHref = null;
        break;
      case 'image':
        // Never loaded: the alt text stands in for the picture.
        runs.push(...styledRuns(`[image: ${token.content || 'no description'}]`, { ...style, italics: true }, split));
        break;
      default:
        // html_inline cannot occur (html: false); anything unknown keeps its text.
        if (token.content) runs.push(...styledRuns(token.content, style, split));
    }
  }
  return runs;
}

function codeBlock(text: string, split: SplitText): Content {
  return {
    table: {
      widths: ['*'],
      body: [[{ text: styledRuns(text.replace(/\n$/, ''), { code: true }, split), preserveLeadingSpaces: true, fontSize: 9, fillColor: CODE_FILL }]],
    },
    layout: 'noBorders',
    margin: [0, 2, 0, 8],
  };
}

function blockQuote(stack: Content[]): Content {
  return {
    table: { widths: ['*'], body: [[{ stack, color: '#555555' }]] },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i: number) => (i === 0 ? 3 : 0),
      vLineColor: () => '#cccccc',
      paddingLeft: () => 10,
    },
    margin: [0, 2, 0, 8],
  };
}

function horizontalRule(): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: '#999999' }], margin: [0, 6, 0, 10] };
}

/** Walks block tokens from `start` until the matching close token (or the end); returns the content and the next index. */
function blocks(tokens: Token[], start: number, split: SplitText, closeType?: string): [Content[], number] {
  const out: Content[] = [];
  let i = start;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (closeType && token.type === closeType) return [out, i + 1];
    switch (token.type) {
      case 'heading_open': {
        const size = HEADING_SIZES[token.tag] ?? 12;
        out.push({ text: inlineRuns(tokens[i + 1]?.children ?? [], split), fontSize: size, bold: true, margin: [0, size * 0.6, 0, size * 0.3] });
        i += 3;
        continue;
      }
      case 'paragraph_open': {
        // Inside a tight list the paragraph is hidden: no spacing after it.
        out.push({ text: inlineRuns(tokens[i + 1]?.children ?? [], split), margin: token.hidden ? [0, 0, 0, 2] : [0, 0, 0, 8] });
        i += 3;
        continue;
      }
      case 'fence':
      case 'code_block':
        out.push(codeBlock(token.content, split));
        break;
      case 'hr':
        out.push(horizontalRule());
        break;
      case 'blockquote_open': {
        const [inner, next] = blocks(tokens, i + 1, split, 'blockquote_close');
        out.push(blockQuote(inner));
        i = next;
        continue;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = token.type === 'ordered_list_open';
        const [items, next] = listItems(tokens, i + 1, split, ordered ? 'ordered_list_close' : 'bullet_list_close');
        const startAt = Number(token.attrGet('start') ?? 1);
        out.push(ordered ? { ol: items, start: startAt, margin: [0, 0, 0, 6] } : { ul: items, margin: [0, 0, 0, 6] });
        i = next;
        continue;
      }
      case 'table_open': {
        const [table, next] = tableContent(tokens, i + 1, split);
        out.push(table);
        i = next;
        continue;
      }
      case 'inline':
        out.push({ text: inlineRuns(token.children ?? [], split) });
        break;
      default:
        // html_block cannot occur (html: false); other open/close tokens carry no text of their own.
        if (token.content && token.nesting === 0) out.push({ text: styledRuns(token.content, {}, split) });
    }
    i++;
  }
  return [out, i];
}

function listItems(tokens: Token[], start: number, split: SplitText, closeType: string): [Content[], number] {
  const items: Content[] = [];
  let i = start;
  while (i < tokens.length && tokens[i]!.type !== closeType) {
    if (tokens[i]!.type === 'list_item_open') {
      const [inner, next] = blocks(tokens, i + 1, split, 'list_item_close');
      items.push(inner.length === 1 ? inner[0]! : { stack: inner });
      i = next;
    } else {
      i++;
    }
  }
  return [items, i + 1];
}

function tableContent(tokens: Token[], start: number, split: SplitText): [Content, number] {
  const rows: ContentText[][] = [];
  let headerRows = 0;
  let inHead = false;
  let i = start;
  for (; i < tokens.length && tokens[i]!.type !== 'table_close'; i++) {
    const token = tokens[i]!;
    if (token.type === 'thead_open') inHead = true;
    else if (token.type === 'thead_close') inHead = false;
    else if (token.type === 'tr_open') {
      rows.push([]);
      if (inHead) headerRows++;
    } else if (token.type === 'th_open' || token.type === 'td_open') {
      const style = String(token.attrGet('style') ?? '');
      const alignment = /text-align:(left|center|right)/.exec(style)?.[1] as 'left' | 'center' | 'right' | undefined;
      const cell: ContentText = { text: inlineRuns(tokens[i + 1]?.children ?? [], split) };
      if (token.type === 'th_open') {
        cell.bold = true;
        cell.fillColor = CODE_FILL;
      }
      if (alignment) cell.alignment = alignment;
      rows[rows.length - 1]?.push(cell);
    }
  }
  // pdfmake needs every row to have the same number of cells.
  const columns = Math.max(1, ...rows.map((row) => row.length));
  for (const row of rows) while (row.length < columns) row.push({ text: '' });
  const table: Content = {
    table: { headerRows, widths: Array(columns).fill('*'), body: rows },
    layout: 'lightHorizontalLines',
    fontSize: 10,
    margin: [0, 2, 0, 8],
  };
  return [table, i + 1];
}

/** The whole Markdown document as pdfmake content; `split` assigns fonts to text runs (see pdf.ts). */
export function markdownToPdfContent(markdown: string, split: SplitText = (text) => [{ text }]): Content[] {
  return blocks(parser.parse(markdown, {}), 0, split)[0];
}

// Markdown → Confluence's storage format (XHTML with Confluence's ac:/ri: elements), for publishing an RCA or a
// post-mortem: headings, lists, tables, code blocks as the code macro, links. markdown-it parses with raw HTML off,
// so whatever the text holds is escaped, never markup; code goes into CDATA with "]]>" split so it cannot end early.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, xhtmlOut: true });
const { escapeHtml } = markdown.utils;

/** A CDATA section holding `text` exactly, even when it contains "]]>". */
export function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** The code macro's language parameter: a plain name or nothing (it is an attribute-free element, but keep it tidy). */
const languageOf = (info: string) => /^[A-Za-z0-9+#._-]{1,30}$/.exec(info.trim().split(/\s+/)[0] ?? '')?.[0];

const rules = markdown.renderer.rules;

rules.fence = (tokens, index) => {
  const token = tokens[index];
  if (!token) return '';
  const language = languageOf(token.info);
  const body = token.content.replace(/\n$/, '');
  return `<ac:structured-macro ac:name="code">${language ? `<ac:parameter ac:name="language">${escapeHtml(language)}</ac:parameter>` : ''}<ac:plain-text-body>${cdata(body)}</ac:plain-text-body></ac:structured-macro>\n`;
};
rules.code_block = (tokens, index) => `<ac:structured-macro ac:name="code"><ac:plain-text-body>${cdata((tokens[index]?.content ?? '').replace(/\n$/, ''))}</ac:plain-text-body></ac:structured-macro>\n`;

// Confluence's editor keeps tables as one tbody whose first row holds th cells.
rules.thead_open = () => '';
rules.thead_close = () => '';
rules.tbody_open = () => '';
rules.tbody_close = () => '';
rules.table_open = () => '<table><tbody>\n';
rules.table_close = () => '</tbody></table>\n';

// An image is a link to it in Confluence's own element (no <img>, which storage format does not take from the API).
rules.image = (tokens, index) => {
  const token = tokens[index];
  const src = String(token?.attrGet('src') ?? '');
  return `<ac:image ac:alt="${escapeHtml(token?.content ?? '')}"><ri:url ri:value="${escapeHtml(src)}" /></ac:image>`;
};

// XML 1.0 forbids C0 controls but tab, LF and CR, lone surrogates and U+FFFE/U+FFFF, even in CDATA or as a
// reference (`&#12;` is decoded), and Confluence refuses a page holding one (400) — a pasted log's colour codes
// (ESC) are enough. Controls are dropped (they show nothing); the others become U+FFFD, as invalid references do.
// eslint-disable-next-line no-control-regex
const XML_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
/** With the u flag a surrogate range matches only a surrogate without its pair. */
const NOT_XML_CHARS = /[\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** The document's Markdown as a storage-format page body: well-formed XML whatever the text holds. */
export function markdownToStorage(text: string): string {
  return markdown.render(text).trim().replace(XML_CONTROLS, '').replace(NOT_XML_CHARS, '\uFFFD');
}

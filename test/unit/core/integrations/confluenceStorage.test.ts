// Markdown → Confluence storage format: the elements an RCA uses, everything escaped, code in CDATA that cannot end early.
import * as assert from 'node:assert/strict';
import { cdata, markdownToStorage } from '../../../../src/core/integrations/confluenceStorage';

/** The text of every CDATA section, joined back as Confluence reads it. */
const cdataText = (xml: string) => [...xml.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]).join('');

describe('Markdown → Confluence storage format', () => {
  it('keeps headings, emphasis, lists and links, and writes XHTML (self-closed void elements)', () => {
    const xml = markdownToStorage('## Root cause\n\nThe **pool** _shrank_, see [the runbook](https://wiki.example/r?a=1&b=2).\n\n1. one\n2. two\n\n---\n');
    assert.equal(xml, '<h2>Root cause</h2>\n<p>The <strong>pool</strong> <em>shrank</em>, see <a href="https://wiki.example/r?a=1&amp;b=2">the runbook</a>.</p>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n<hr />');
  });

  it('escapes markup in the text: HTML typed in an RCA stays text', () => {
    const xml = markdownToStorage('# <script>alert(1)</script>\n\nA <b>bold</b> & "quoted" claim <ac:structured-macro ac:name="html"/>');
    assert.doesNotMatch(xml, /<script|<b>|<ac:structured-macro/);
    assert.match(xml, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(xml, /&amp; &quot;quoted&quot;/);
  });

  it('never makes a javascript: link', () => {
    assert.doesNotMatch(markdownToStorage('[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1))'), /href/);
  });

  it('writes a table as one tbody whose first row holds th cells', () => {
    assert.equal(markdownToStorage('| When | What |\n|---|---|\n| 10:02 | <i>deploy</i> |'), '<table><tbody>\n<tr>\n<th>When</th>\n<th>What</th>\n</tr>\n<tr>\n<td>10:02</td>\n<td>&lt;i&gt;deploy&lt;/i&gt;</td>\n</tr>\n</tbody></table>');
  });

  it('puts code blocks in the code macro with their language, the text exact even with "]]>" in it', () => {
    const code = 'SELECT 1; -- ]]> and ]]]]> and <tag>';
    const xml = markdownToStorage(`\`\`\`sql\n${code}\n\`\`\`\n\n    indented ]]> code\n`);
    assert.match(xml, /^<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">sql<\/ac:parameter><ac:plain-text-body><!\[CDATA\[/);
    assert.equal(cdataText(xml), `${code}indented ]]> code`);
    assert.doesNotMatch(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''), /]]>/, 'no CDATA ends early');
  });

  it('drops a language name that is not a plain name', () => {
    assert.doesNotMatch(markdownToStorage('```"><script>\nx\n```'), /ac:parameter/);
  });

  it('writes only characters XML 1.0 allows, in text and in code: Confluence refuses a page with any other', () => {
    // XML 1.0's Char production: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF (surrogates only paired).
    const notXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
    for (const text of [
      '```\n\u001b[31mERROR\u001b[0m pool exhausted\n```',
      '    \u001b[1mindented\u0007 code',
      'a pasted log: \u001b[31mERROR\u001b[0m',
      'form feed &#12; &#x0C; and \f, vertical tab \u000b, NUL \u0000 and DEL \u007f',
      'half an emoji \uD83D alone, \uDE00 too, `code \uD83D`',
      'non-characters \uFFFE and \uFFFF',
      '| a\u001b | b |\n|---|---|\n| \uFFFF | \f |',
    ]) {
      const xml = markdownToStorage(text);
      assert.doesNotMatch(xml, notXml, JSON.stringify(xml));
    }
    const xml = markdownToStorage('```\n\u001b[31mERROR\u001b[0m 😀\n```\n\nhalf \uD83D of 😀');
    assert.equal(cdataText(xml), '[31mERROR[0m 😀', 'a control is dropped, the rest kept');
    assert.match(xml, /half \uFFFD of 😀/, 'a lone surrogate shows as U+FFFD, a pair stays');
  });

  it('cdata() splits every "]]>"', () => {
    assert.equal(cdata('a]]>b'), '<![CDATA[a]]]]><![CDATA[>b]]>');
    assert.equal(cdataText(cdata(']]>]]>')), ']]>]]>');
  });
});

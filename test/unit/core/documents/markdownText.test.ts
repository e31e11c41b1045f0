import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { escapeBlock, escapeInline, escapeTableCell, inlineCode, markdownTable, toBeWritten } from '../../../../src/core/documents/markdownText';

// Our renderer's settings: raw HTML disabled.
const md = new MarkdownIt({ html: false });
const renderInline = (text: string) => md.renderInline(text);

describe('Markdown escaping of user text', () => {
  it('a script tag comes out as literal text, never as an element', () => {
    const escaped = escapeInline('<script>alert(1)</script>');
    assert.equal(escaped, '\\<script\\>alert(1)\\</script\\>');
    assert.equal(renderInline(escaped), '&lt;script&gt;alert(1)&lt;/script&gt;');
    // Even a renderer with raw HTML enabled shows it as text.
    assert.equal(new MarkdownIt({ html: true }).renderInline(escaped), '&lt;script&gt;alert(1)&lt;/script&gt;');
    const heading = md.render(`# RCA — ${escaped}`);
    assert.equal(heading, '<h1>RCA — &lt;script&gt;alert(1)&lt;/script&gt;</h1>\n');
  });

  it('every special character renders as itself', () => {
    const nasty = 'a*b*_c_ `code` [link](http://x) ![img](y) <b> # | \\ ~~del~~ &amp; &copy; R&D';
    const html = renderInline(escapeInline(nasty));
    assert.equal(html, 'a*b*_c_ `code` [link](http://x) ![img](y) &lt;b&gt; # | \\ ~~del~~ &amp;amp; &amp;copy; R&amp;D');
    assert.ok(!/<(em|strong|code|a|img|s|b)[ >]/.test(html));
  });

  it('leading list, heading, quote and rule markers stay text', () => {
    for (const line of ['- item', '+ item', '* item', '1. first', '2) second', '# title', '> quote', '---', '===', '***', '```js', '~~~']) {
      const html = md.render(escapeBlock(line));
      assert.equal(html, `<p>${md.utils.escapeHtml(line)}</p>\n`, line);
    }
  });

  it('blocks keep paragraphs, drop control characters and a setext underline', () => {
    assert.equal(escapeBlock('first\nline\n\n\n  second\u0000 para\n'), 'first\nline\n\nsecond para');
    assert.equal(md.render(escapeBlock('Title\n===\nbody')), '<p>Title\n===\nbody</p>\n');
    assert.equal(md.render(escapeBlock('    indented code?')), '<p>indented code?</p>\n');
  });

  it('table cells: pipes escaped, line breaks as " / " (never <br>), empty as a dash', () => {
    assert.equal(escapeTableCell('a|b\nc\r\nd'), 'a\\|b / c / d');
    assert.equal(escapeTableCell(''), '—');
    assert.equal(escapeTableCell(null), '—');
    const table = markdownTable(['Name', 'Value'], [['x|y', 'line1\nline2 <i>']]);
    const html = md.render(table);
    assert.match(html, /<td>x\|y<\/td>/);
    assert.match(html, /<td>line1 \/ line2 &lt;i&gt;<\/td>/);
    assert.ok(!html.includes('<br'));
    assert.equal((html.match(/<td>/g) ?? []).length, 2, 'the pipe did not split the cell');
  });

  it('emoji and CJK pass through untouched', () => {
    for (const text of ['🔥 Outage 🚨', '支付服务超时', 'ログイン障害', '결제 오류', 'Ошибка оплаты', '👩‍💻 家族 👨‍👩‍👧']) {
      assert.equal(escapeInline(text), text);
      assert.equal(escapeTableCell(text), text);
      assert.equal(escapeBlock(text), text);
      assert.equal(renderInline(escapeInline(text)), text);
    }
  });

  it('inline code survives backticks; prompts are italic text, not comments', () => {
    assert.equal(inlineCode('abc'), '`abc`');
    assert.equal(inlineCode('a`b'), '``a`b``');
    assert.equal(md.renderInline(inlineCode('`x`')), '<code>`x`</code>');
    const prompt = toBeWritten('what went well');
    assert.equal(prompt, '_To be written: what went well_');
    assert.equal(renderInline(prompt), '<em>To be written: what went well</em>');
    assert.ok(!prompt.includes('<!--'));
  });
});

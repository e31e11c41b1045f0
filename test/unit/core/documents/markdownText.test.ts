import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
import { escapeBlock, escapeFragment, escapeInline, escapeTableCell, inlineCode, markdownTable, toBeWritten } from '../../../../src/core/documents/markdownText';

// Our renderer's settings: raw HTML disabled.
const md = new MarkdownIt({ html: false });
const renderInline = (text: string) => md.renderInline(text);

describe('Markdown escaping of user text', () => {
  it('a script tag comes out as literal text, never as an element', () => {
    const escaped = escapeInline('<script>alert(1)</script>');
    assert.equal(escaped, '\\<script>alert(1)\\</script>');
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

  it('leaves what CommonMark reads as text alone: intraword underscores, a lone tilde, a < b, C#, paths', () => {
    for (const text of ['max_connections', 'raise max_connections to 200', 'error rate ~8%', 'a < b > c', 'C# service', 'C:\\Temp\\logs', 'R&D', '50% of 10.0.0.0/8', 'https://example.com/a_b', 'x = y + 1']) {
      assert.equal(escapeInline(text), text, text);
      assert.equal(escapeBlock(text), text, text);
    }
    assert.equal(escapeInline('Checkout 502s at ~8% after max_connections hit 100'), 'Checkout 502s at ~8% after max_connections hit 100');
  });

  it('escapes where the character would mean something: emphasis, code, links, tags, entities, a heading close', () => {
    const escaped: Array<[string, string]> = [
      ['_private and *bold*', '\\_private and \\*bold\\*'],
      ['~~gone~~ and ~a~', '\\~\\~gone\\~\\~ and \\~a\\~'],
      ['see [the doc](x) or <https://x>', 'see \\[the doc](x) or \\<https://x>'],
      ['&copy; and &#60; and AT&T', '\\&copy; and \\&#60; and AT&T'],
      ['Issue #', 'Issue \\#'],
      ['ends with \\', 'ends with \\\\'],
    ];
    for (const [text, want] of escaped) assert.equal(escapeInline(text), want, text);
    assert.equal(escapeBlock('a | b\n:-|-'), 'a | b\n:-\\|-', 'a delimiter row under a line would make a table');
  });

  describe('renders back as the text it was given (markdown-it, CommonMark + GFM tables/strikethrough)', () => {
    // Every ASCII punctuation mark, letters for entity names, digits, spaces, tabs, line breaks, and beyond ASCII.
    const alphabet = Array.from('abcmpqtuxyzAB0123456789 \t\n\r!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~é中😀\u00a0');
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((chars) => chars.join(''));
    const runs = { numRuns: 3000 };

    /** The text a reader sees in an inline token's children; null when any child is markup (emphasis, code, link, HTML). */
    function shown(inline: Token | undefined): string | null {
      let out = '';
      for (const child of inline?.children ?? []) {
        if (child.type === 'text') out += child.content;
        else if (child.type === 'softbreak') out += '\n';
        else return null;
      }
      return out;
    }
    /** The block tokens' types, and the shown text of each inline. */
    function read(markdown: string) {
      const tokens = md.parse(markdown, {});
      return { types: tokens.filter((t) => t.type !== 'inline').map((t) => t.type), texts: tokens.filter((t) => t.type === 'inline').map(shown) };
    }
    // A lone \r breaks a line as \n does; the other controls are dropped.
    // eslint-disable-next-line no-control-regex
    const clean = (s: string) => s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
    const oneLine = (s: string) => clean(s).replace(/\s*[\r\n]+\s*/g, ' ').trim();

    it('escapeInline: as a paragraph, a heading, a list item and a quote', () => {
      fc.assert(
        fc.property(text, (input) => {
          const escaped = escapeInline(input);
          const expected = oneLine(input);
          if (!expected) return assert.equal(escaped, '');
          assert.deepEqual(read(escaped), { types: ['paragraph_open', 'paragraph_close'], texts: [expected] }, JSON.stringify(input));
          assert.deepEqual(read(`# RCA — ${escaped}`), { types: ['heading_open', 'heading_close'], texts: [`RCA — ${expected}`] }, JSON.stringify(input));
          assert.deepEqual(read(`- Answer: ${escaped}\n- Evidence`).texts, [`Answer: ${expected}`, 'Evidence'], JSON.stringify(input));
          assert.deepEqual(read(`> ${escaped}`).texts, [expected], JSON.stringify(input));
        }),
        runs,
      );
    });

    it('escapeBlock: paragraphs of lines, nothing else', () => {
      fc.assert(
        fc.property(text, (input) => {
          const lines = clean(input).replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\t/g, '    ').trim());
          const paragraphs = lines.join('\n').split(/\n{2,}/).map((p) => p.replace(/^\n+|\n+$/g, '')).filter(Boolean);
          const { types, texts } = read(escapeBlock(input));
          assert.deepEqual(types, paragraphs.flatMap(() => ['paragraph_open', 'paragraph_close']), JSON.stringify(input));
          assert.deepEqual(texts, paragraphs, JSON.stringify(input));
        }),
        runs,
      );
    });

    it('escapeTableCell: one cell of a table', () => {
      fc.assert(
        fc.property(text, (input) => {
          const { types, texts } = read(markdownTable(['Name', 'Value'], [['x', input]]));
          assert.equal(types.filter((t) => t === 'td_open').length, 2, JSON.stringify(input));
          const expected = clean(input).trim().split(/\s*[\r\n]+\s*/).join(' / ').replace(/\t/g, ' ').trim() || '—';
          assert.deepEqual(texts, ['Name', 'Value', 'x', expected], JSON.stringify(input));
        }),
        runs,
      );
    });

    it('escapeFragment: between other inline parts', () => {
      fc.assert(
        fc.property(text, (input) => {
          const expected = clean(input).replace(/[\r\n]+/g, ' ');
          const { texts } = read(`- Evidence: ${escapeFragment(input)} \`log:a#L1\` after`);
          const inline = md.parse(`- Evidence: ${escapeFragment(input)} \`log:a#L1\` after`, {}).find((t) => t.type === 'inline');
          const code = inline?.children?.filter((c) => c.type === 'code_inline').map((c) => c.content);
          assert.deepEqual(code, ['log:a#L1'], JSON.stringify(input));
          assert.equal(texts.length, 1);
          assert.equal(
            inline?.children?.filter((c) => c.type !== 'code_inline').every((c) => c.type === 'text'),
            true,
            JSON.stringify(input),
          );
          const words = (inline?.children ?? []).map((c) => c.content).join('');
          assert.equal(words.replace(/\s+/g, ' ').trim(), `Evidence: ${expected} log:a#L1 after`.replace(/\s+/g, ' ').trim(), JSON.stringify(input));
        }),
        runs,
      );
    });
  });
});


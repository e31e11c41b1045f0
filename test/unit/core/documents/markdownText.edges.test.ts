// User text in generated Markdown at its edges: runs of line breaks, backticks at the ends of inline code, block
// starts behind spaces, table delimiter rows, heading closers, delimiter runs at the text's ends, entities.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { escapeBlock, escapeFragment, escapeInline, escapeTableCell, inlineCode } from '../../../../src/core/documents/markdownText';

describe('Markdown escaping: edges', () => {
  it('a run of line breaks is one space inline, in a fragment and in inline code', () => {
    assert.equal(escapeFragment('a\n\n\nb'), 'a b');
    assert.equal(escapeFragment('a\r\nb'), 'a b');
    assert.equal(escapeInline('a\n\n b'), 'a b');
    assert.equal(inlineCode('a\n\nb'), '`a b`');
    assert.equal(escapeTableCell('a | b\n\nc\td'), 'a \\| b / c d');
  });

  it('a lone carriage return (old Mac text, some pasted logs) breaks a line as \\n and \\r\\n do: the words around it never merge', () => {
    assert.equal(escapeBlock('first line\rsecond line'), 'first line\nsecond line');
    assert.equal(escapeBlock('para one\r\rpara two'), 'para one\n\npara two');
    assert.equal(escapeInline('title\rpart'), 'title part');
    assert.equal(escapeFragment('a\rb'), 'a b');
    assert.equal(escapeTableCell('a\rb'), 'a / b');
    assert.equal(inlineCode('a\rb'), '`a b`');
  });

  it('inline code: a fence longer than any backtick run inside, padded when a backtick is at either end', () => {
    assert.equal(inlineCode('x``y'), '```x``y```');
    assert.equal(inlineCode('`start'), '`` `start ``');
    assert.equal(inlineCode('end`'), '`` end` ``');
    assert.equal(inlineCode('mid`dle'), '``mid`dle``');
  });

  it('block starts behind spaces are escaped; blank lines collapse to one paragraph break, none at the ends', () => {
    assert.equal(escapeInline('   - item'), '\\- item');
    assert.equal(escapeBlock('\n\npara1\n\n\n\npara2\n\n'), 'para1\n\npara2');
    assert.equal(escapeBlock('Title\n--- x'), 'Title\n\\--- x');
  });

  it('a delimiter row under a line would make a table: its pipes are escaped, and only then', () => {
    assert.equal(escapeBlock('Title\n|---|:--|'), 'Title\n\\|---\\|:--\\|');
    assert.equal(escapeBlock('a | b\n---'), 'a | b\n\\---');
    assert.equal(escapeBlock('a | b\n|x|'), 'a | b\n|x|');
    assert.equal(escapeBlock('a | b\n| - |'), 'a | b\n\\| - \\|');
    // Without a pipe of its own, a delimiter row's leading colon is what makes it one.
    assert.equal(escapeBlock('p99 | 2.4 s\n:---'), 'p99 | 2.4 s\n\\:---');
    assert.doesNotMatch(new MarkdownIt().render(escapeBlock('p99 | 2.4 s\n:---:')), /<table/);
  });

  it('a heading closer (#s at the end after a space) is escaped; other #s are text', () => {
    assert.equal(escapeInline('heading ##'), 'heading \\#\\#');
    assert.equal(escapeInline('x ###   '), 'x \\#\\#\\#');
    assert.equal(escapeInline('##'), '\\#\\#');
    assert.equal(escapeInline('C# and F#'), 'C# and F#');
    assert.equal(escapeInline('a#'), 'a#');
    assert.equal(escapeInline('#tag'), '\\#tag');
  });

  it('delimiter runs: inert between spaces or inside a word; at the ends of the text they are escaped', () => {
    assert.equal(escapeInline('snake_case_name and _lead and trail_ and a _ b'), 'snake_case_name and \\_lead and trail\\_ and a _ b');
    assert.equal(escapeInline('a * b and *emph* and **x**'), 'a * b and \\*emph\\* and \\*\\*x\\*\\*');
    assert.equal(escapeInline('about ~8% more'), 'about ~8% more');
    assert.equal(escapeInline('~8% and ~~strike~~ and a ~ b'), '\\~8% and \\~\\~strike\\~\\~ and a ~ b');
    assert.equal(escapeInline('x~'), 'x\\~');
    assert.equal(escapeInline('~x'), '\\~x');
    assert.equal(escapeInline('a ~~ b'), 'a ~~ b');
    assert.equal(escapeInline('a_*b'), 'a\\_\\*b');
  });

  it('backslashes before punctuation or at the end, entity references and tag starts are escaped', () => {
    assert.equal(escapeInline('back\\slash and \\* and end\\'), 'back\\slash and \\\\\\* and end\\\\');
    assert.equal(escapeInline('&amp; &#60; &#x3C; &#xZZ; & alone &x1;'), '\\&amp; \\&#60; \\&#x3C; &#xZZ; & alone \\&x1;');
    assert.equal(escapeInline('&#X3c; &#1234567; &#12345678;'), '\\&#X3c; \\&#1234567; &#12345678;');
    assert.equal(escapeInline(`&${'a'.repeat(32)}; &${'a'.repeat(33)};`), `\\&${'a'.repeat(32)}; &${'a'.repeat(33)};`);
    assert.equal(escapeInline('x &#x1234567; y'), 'x &#x1234567; y');
    assert.equal(escapeInline('a < b and <tag and <'), 'a < b and \\<tag and \\<');
  });

  it('an e-mail autolink whose address starts with a digit or other punctuation stays text (found by the escaping property)', () => {
    const md = new MarkdownIt({ html: false });
    for (const text of ['<8@a>', 'mail <1x@example.org> now', '<.a@b>', '<+tag@x.io>', '<_x@y.z>']) {
      for (const escaped of [escapeInline(text), escapeFragment(text)]) {
        const html = md.renderInline(escaped);
        assert.ok(!html.includes('<a '), `${text} → ${escaped} → ${html}`);
      }
    }
    assert.equal(escapeInline('a < b and a <= b'), 'a < b and a \\<= b');
  });
});

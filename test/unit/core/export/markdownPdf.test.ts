import * as assert from 'node:assert/strict';
import { markdownToPdfContent } from '../../../../src/core/export/markdownPdf';

/** All text of a pdfmake content tree, in order. */
function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    return ['text', 'stack', 'ul', 'ol', 'table', 'body'].map((key) => (key in record ? textOf(record[key]) : '')).join('');
  }
  return '';
}

const json = (value: unknown) => JSON.stringify(value);

describe('Markdown → pdfmake content', () => {
  it('sizes headings by level, biggest first', () => {
    const [h1, h2, h3] = markdownToPdfContent('# One\n## Two\n### Three\n') as unknown as Array<{ fontSize: number; bold: boolean }>;
    assert.ok(h1!.fontSize > h2!.fontSize && h2!.fontSize > h3!.fontSize);
    assert.equal(h1!.bold, true);
    assert.equal(textOf(h1), 'One');
  });

  it('keeps bold, italics, inline code and links (text and URL) in a paragraph', () => {
    const [paragraph] = markdownToPdfContent('a **b** *c* `d` [e](https://example.org/f)\n');
    const runs = (paragraph as unknown as { text: Array<Record<string, unknown>> }).text;
    assert.ok(runs.some((run) => run.text === 'b' && run.bold));
    assert.ok(runs.some((run) => run.text === 'c' && run.italics));
    assert.ok(runs.some((run) => run.text === 'd' && run.background));
    assert.ok(runs.some((run) => run.text === 'e' && run.link === 'https://example.org/f'));
    assert.match(textOf(paragraph), /e \(https:\/\/example\.org\/f\)/);
  });

  it('makes only http(s) and mailto links clickable', () => {
    const content = markdownToPdfContent('[x](javascript:alert(1)) [y](file:///etc/passwd)\n');
    assert.doesNotMatch(json(content), /"link"/);
  });

  it('nests bullet and ordered lists, keeping the start number', () => {
    const [list, ordered] = markdownToPdfContent('- a\n  - b\n- c\n\n3. x\n4. y\n') as unknown as Array<Record<string, unknown>>;
    assert.ok(Array.isArray(list!.ul));
    assert.match(json(list), /"ul":\[.*"ul":\[/);
    assert.equal(ordered!.start, 3);
    assert.equal((ordered!.ol as unknown[]).length, 2);
  });

  it('turns a table into rows of equal length with a header row', () => {
    const [table] = markdownToPdfContent('| A | B |\n|---|--:|\n| 1 | 2 |\n| 3 |\n') as unknown as Array<{ table: { headerRows: number; body: unknown[][] } }>;
    assert.equal(table!.table.headerRows, 1);
    assert.deepEqual(table!.table.body.map((row) => row.length), [2, 2, 2]);
    assert.equal(textOf(table), 'AB123');
  });

  it('shows fenced code, quotes and rules', () => {
    const content = markdownToPdfContent('```sh\n  indented()\n```\n\n> quoted\n\n---\n');
    assert.equal(content.length, 3);
    assert.match(json(content[0]), /"preserveLeadingSpaces":true/);
    assert.match(json(content[0]), / {2}indented\(\)/);
    assert.equal(textOf(content[1]), 'quoted');
    assert.match(json(content[2]), /"canvas"/);
  });

  it('shows raw HTML as text and never loads an image', () => {
    const content = markdownToPdfContent('<script>alert(1)</script>\n\nx <b>y</b> ![a diagram](https://example.com/x.png)\n');
    assert.match(textOf(content), /<script>alert\(1\)<\/script>/);
    assert.match(textOf(content), /<b>y<\/b>/);
    assert.match(textOf(content), /a diagram/);
    assert.doesNotMatch(json(content), /"image"|example\.com\/x\.png/);
  });

  it('passes every piece of text through the font splitter', () => {
    const content = markdownToPdfContent('# 事故 report\n', (text) => [...text].map((char) => (/\p{Script=Han}/u.test(char) ? { text: char, font: 'CJK' } : { text: char })));
    assert.match(json(content), /\{"text":"事","font":"CJK"\}/);
  });
});

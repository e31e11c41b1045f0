// The sections of an RCA's Markdown as Draft with AI sees them, and replacing one section's body: only that body
// changes, `### ` subsections belong to their section, headings in fenced code do not count, line endings kept.
import * as assert from 'node:assert/strict';
import { documentSections, draftBody, findSection, replaceSectionBody, sectionBody } from '../../../../src/views/documents/documentSections';

const DOC = ['# RCA — Checkout', '', '## Summary', '', 'Old summary.', '', '### Detail', 'kept with Summary', '', '## Timeline', '```', '## not a heading', '```', '', '## Impact', 'Users saw 502s.', ''].join('\n');

describe('document sections (Draft with AI)', () => {
  it('finds each ## heading and its body up to the next # or ## heading, ignoring fenced code', () => {
    const sections = documentSections(DOC);
    assert.deepEqual(sections.map((s) => [s.title, s.headingLine, s.bodyStart, s.bodyEnd]), [
      ['Summary', 2, 3, 9],
      ['Timeline', 9, 10, 14],
      ['Impact', 14, 15, 16],
    ]);
    assert.equal(sectionBody(DOC, findSection(DOC, ' summary ')!), '\nOld summary.\n\n### Detail\nkept with Summary\n');
    assert.equal(findSection(DOC, 'not a heading'), undefined);
  });

  it('replaces one section body, leaving the others byte for byte', () => {
    const summary = findSection(DOC, 'Summary')!;
    const replaced = replaceSectionBody(DOC, summary, 'New summary.');
    assert.equal(replaced, DOC.replace('\nOld summary.\n\n### Detail\nkept with Summary\n', '\nNew summary.\n'));
    const impact = findSection(DOC, 'Impact')!;
    assert.equal(replaceSectionBody(DOC, impact, 'Half of checkouts failed.'), DOC.replace('Users saw 502s.\n', '\nHalf of checkouts failed.\n'));
  });

  it('drops a heading the model repeated, and keeps CRLF line endings', () => {
    assert.equal(draftBody('## Summary\n\nText.\n', 'Summary', true), '\nText.\n\n');
    assert.equal(draftBody('## Other\nText.', 'Summary', false), '\n## Other\nText.\n');
    const crlf = DOC.replace(/\n/g, '\r\n');
    const out = replaceSectionBody(crlf, findSection(crlf, 'Timeline')!, 'Line one\nLine two');
    assert.ok(!/[^\r]\n/.test(out), 'only CRLF line breaks');
    assert.equal(out, crlf.replace('\r\n```\r\n## not a heading\r\n```\r\n\r\n', '\r\n\r\nLine one\r\nLine two\r\n\r\n'));
  });
});

// A document made fit to leave the machine: no planted value survives in the title or the Markdown (even split by
// the generator's backslash escapes), counts per type, and results that never carry a raw value.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { generateRca } from '../../../../src/core/documents/rca';
import { sourceRange, unescapedView } from '../../../../src/core/export/markdownTextView';
import { redactDocument, redactionSummary } from '../../../../src/core/export/redactDocument';
import { markdownToStorage } from '../../../../src/core/integrations/confluenceStorage';
import { createDetector } from '../../../../src/core/pii/detector';
import { fullSnapshot, issue } from '../documents/fixtures';

const PLANTED = ['carol_diaz@example.net', '10.20.30.40', 'Hunter2Secret!', 'AKIAQWERTYUIOPASDFGH', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'];
const leaks = (text: string) => PLANTED.filter((value) => text.includes(value) || text.includes(value.replace(/_/g, '\\_')));

describe('redactDocument', () => {
  it('leaves no planted value in the title or a generated RCA, and counts replacements per type', () => {
    const title = 'db01 outage for carol_diaz@example.net';
    const description = 'Host 10.20.30.40 refused logins; password=Hunter2Secret! and key AKIAQWERTYUIOPASDFGH leaked with ghp_0123456789abcdefghijABCDEFGHIJ012345';
    const markdown = generateRca(fullSnapshot({ issue: issue({ title, description }) })).markdown;
    assert.ok(markdown.includes('carol_diaz@example.net'), 'an intraword underscore is left as it is');

    const redacted = redactDocument({ title, markdown }, createDetector());
    assert.deepEqual(leaks(redacted.title), []);
    assert.deepEqual(leaks(redacted.markdown), []);
    assert.ok(!redacted.markdown.includes('carol'), 'no part of the escaped address survives');
    assert.equal(redacted.title, 'db01 outage for [Email]');
    for (const type of ['Email', 'IPv4', 'Password', 'AWSAccessKey', 'GitHubToken']) assert.ok(redacted.markdown.includes(`\\[${type}\\]`), type);
    // As written, or with its underscores escaped (where one is not intraword).
    const count = (text: string) => markdown.split(text).length - 1;
    const inBody = (value: string) => count(value) + (value.includes('_') ? count(value.replace(/_/g, '\\_')) : 0);
    assert.deepEqual(redacted.redactedByType, {
      Email: 1 + inBody('carol_diaz@example.net'),
      IPv4: inBody('10.20.30.40'),
      Password: inBody('Hunter2Secret!'),
      AWSAccessKey: inBody('AKIAQWERTYUIOPASDFGH'),
      GitHubToken: inBody('ghp_0123456789abcdefghijABCDEFGHIJ012345'),
    });
    assert.ok(!JSON.stringify(redacted.redactedByType).includes('carol'));
    assert.deepEqual(Object.keys(redacted).sort(), ['markdown', 'redactedByType', 'title'], 'no spans or values in the result');
  });

  it('finds nothing in a document without personal data, and changes nothing', () => {
    const doc = { title: 'RCA — Checkout latency spike', markdown: '# RCA\n\nThe pool was \\*too\\* small.\n' };
    assert.deepEqual(redactDocument(doc, createDetector()), { ...doc, redactedByType: {} });
  });

  it('honours the user’s detector settings: disabled types stay, custom patterns are replaced by their name', () => {
    const detector = createDetector({ enabledTypes: ['IPv4'], customPatterns: [{ name: 'Ticket', pattern: 'INC-[0-9]+' }] });
    const redacted = redactDocument({ title: 'INC-4711', markdown: 'mail a.b@example.com from 10.0.0.7\n' }, detector);
    assert.equal(redacted.title, '[Ticket]');
    assert.equal(redacted.markdown, 'mail a.b@example.com from \\[IPv4\\]\n');
    assert.deepEqual(redacted.redactedByType, { 'Custom:Ticket': 1, IPv4: 1 });
  });

  it('summarises the counts for the user', () => {
    assert.equal(redactionSummary({}), 'no personal data found');
    assert.equal(redactionSummary({ IPv4: 1 }), '1 value redacted (IPv4 1)');
    assert.equal(redactionSummary({ IPv4: 1, Email: 2 }), '3 values redacted (Email 2, IPv4 1)');
  });
});

describe('redactDocument: values a reader sees through character references', () => {
  // A Markdown reader (and the PDF export) shows `&#64;` as `@`: the detector must read what the reader sees.
  const detector = createDetector();
  for (const [written, value, part] of [
    ['carol&#64;example.net', 'carol@example.net', 'carol'],
    ['carol&#x40;example.net', 'carol@example.net', 'carol'],
    ['carol&commat;example.net', 'carol@example.net', 'carol'],
    ['10&#46;20&#46;30&#46;40', '10.20.30.40', '10'],
    ['carol\\_diaz&#64;example.net', 'carol_diaz@example.net', 'diaz'],
    ['password&#61;Hunter2Secret!', 'password=Hunter2Secret!', 'Hunter2'],
  ] as const) {
    it(`redacts ${written} as the ${value} it shows`, () => {
      const doc = { title: `Outage ${written}`, markdown: `# Notes\n\nReported by ${written} at noon.\n` };
      const redacted = redactDocument(doc, detector);
      for (const text of [redacted.title, redacted.markdown]) assert.ok(!text.includes(part), `${JSON.stringify(text)} shows part of ${value}`);
      assert.ok(Object.values(redacted.redactedByType).reduce((a, b) => a + b, 0) >= 2);
    });
  }
  it('leaves references that are not personal data as they are', () => {
    const doc = { title: 'A &amp; B', markdown: 'Latency &lt; 5 ms &#8212; fine &copy; us\n' };
    assert.deepEqual(redactDocument(doc, detector), { title: doc.title, markdown: doc.markdown, redactedByType: {} });
  });
});

describe('redactDocument: a placeholder in Markdown is text, never markup', () => {
  const detector = createDetector();
  // What a reader sees: the Confluence page, and any CommonMark reader of an exported file.
  const rendered = (markdown: string) => [markdownToStorage(markdown), new MarkdownIt().render(markdown)];
  const text = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&amp;/g, '&');

  for (const [name, markdown, shown] of [
    ['a link reference definition', 'Health checks failed.\n\n10.0.4.11: unreachable\n10.0.4.12: degraded\n\nTraffic from 10.0.4.11 was shifted to 10.0.4.13.\n', ['[IPv4]: unreachable', '[IPv4]: degraded', 'Traffic from [IPv4] was shifted to [IPv4].']],
    ['a definition with a URL', 'Paged the on-call.\n\nops@example.org: https://status.example.com/x\n\nThen ops@example.org again.\n', ['[Email]: https://status.example.com/x', 'Then [Email] again.']],
    ['an inline link', 'Escalated to carol@example.org(primary) and dba@example.org.\n', ['Escalated to [Email](primary) and [Email].']],
    ['a full reference link', '[see][x] 10.0.0.1[x]\n\n[x]: https://example.com\n', ['[IPv4]']],
    ['a table cell', '| Host | State |\n|---|---|\n| 10.0.4.11 | down |\n', ['[IPv4]']],
  ] as const) {
    it(`keeps ${name} as text`, () => {
      const redacted = redactDocument({ title: 'Outage at 10.0.4.11', markdown }, detector);
      assert.equal(redacted.title, 'Outage at [IPv4]', 'a title is plain text');
      for (const html of rendered(redacted.markdown)) {
        for (const line of shown) assert.ok(text(html).includes(line), `${JSON.stringify(line)} in ${html}`);
        assert.doesNotMatch(html, /href="(?!https:\/\/example\.com)/, 'no placeholder became a link');
      }
    });
  }

  it('leaves a placeholder in code as it is: a backslash would show there', () => {
    const markdown = 'Run `ping 10.0.0.1` or:\n\n```\nssh ops@example.org\n```\n\n    curl 10.0.0.2\n\n<https://example.com/10.0.0.3>\n';
    const redacted = redactDocument({ title: '', markdown }, detector).markdown;
    assert.equal(redacted, 'Run `ping [IPv4]` or:\n\n```\nssh [Email]\n```\n\n    curl [IPv4]\n\n<https://example.com/[IPv4]>\n');
  });
});

describe('unescapedView', () => {
  it('resolves backslash escapes and maps view ranges back onto the source', () => {
    assert.equal(unescapedView('no escapes, a \\ alone, \\n'), null);
    const source = 'x \\_a\\_b\\\\ y';
    const view = unescapedView(source);
    assert.ok(view);
    assert.equal(view.text, 'x _a_b\\ y');
    const start = view.text.indexOf('_a');
    assert.deepEqual(sourceRange(view, start, start + 4), { start: 2, end: 8 });
    assert.equal(source.slice(2, 8), '\\_a\\_b');
    assert.deepEqual(sourceRange(view, start, start + 5), { start: 2, end: 10 }, 'an escaped backslash is taken whole');
    assert.deepEqual(sourceRange(view, 0, view.text.length), { start: 0, end: source.length });
  });
});

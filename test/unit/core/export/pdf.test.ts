import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareFonts } from '../../../../src/core/export/fonts';
import { lockedDownPdfMake, renderPdf } from '../../../../src/core/export/pdf';
import { latinDir, testFonts } from './exportFonts';

/** What a poppler tool (installed here and in CI: poppler-utils) prints about the PDF. */
function poppler(tool: 'pdftotext' | 'pdffonts', pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'trcaa-pdf-'));
  try {
    const file = path.join(dir, 'export.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, tool === 'pdftotext' ? ['-enc', 'UTF-8', file, '-'] : [file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pdfText = (pdf: Buffer) => poppler('pdftotext', pdf);
/** The embedded fonts' names (subset prefixes like ABCDEF+ removed). */
const pdfFonts = (pdf: Buffer) => new Set(poppler('pdffonts', pdf).split('\n').slice(2).map((line) => line.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, '')).filter(Boolean));

const document = `# 事故报告 🔥 Checkout outage

## Summary

The **payments** service failed for *42 minutes*; see \`db.pool.size\`.

See [the runbook](https://example.org/runbook).

Greek: Αλφάβητο. Cyrillic: Привет.

## Timeline

| Time | Event |
|------|-------|
| 10:02 | Deploy |
| 10:44 | Rollback |

### Five whys

1. Why did checkout fail?
   - The pool was exhausted.
2. Why was the pool small?

\`\`\`sql
SELECT count(*) FROM connections;
\`\`\`

> Blameless: systems, not people.

---

<script>alert(1)</script>

![architecture diagram](https://example.com/x.png)
`;

describe('PDF export', () => {
  it('renders headings, lists, a table, code, Greek, Cyrillic, a CJK title and raw HTML as text', async () => {
    const pdf = await renderPdf(document, { title: '事故报告 🔥', fonts: testFonts() });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdfText(pdf);
    for (const expected of ['事故报告', 'Checkout outage', 'Summary', 'Timeline', 'Five whys', 'Αλφάβητο', 'Привет', 'Rollback',
      'Why did checkout fail?', 'The pool was exhausted.', 'SELECT count(*) FROM connections;', 'Blameless', '<script>alert(1)</script>',
      'https://example.org/runbook']) {
      assert.ok(text.includes(expected), `missing ${JSON.stringify(expected)} in:\n${text}`);
    }
  });

  it('sets code in the monospace font, and only code', async () => {
    const fonts = testFonts();
    const withCode = pdfFonts(await renderPdf('# Title\n\nText.\n\n```\nGET /pay 502\n```\n', { title: 'x', fonts }));
    assert.ok([...withCode].some((name) => /Mono/i.test(name ?? '')), `a monospace font is embedded: ${[...withCode].join(', ')}`);
    const withoutCode = pdfFonts(await renderPdf('# Title\n\nText.\n', { title: 'x', fonts }));
    assert.ok(![...withoutCode].some((name) => /Mono/i.test(name ?? '')), `no monospace font without code: ${[...withoutCode].join(', ')}`);
  });

  it('never throws on emoji, and keeps the text around them', async () => {
    const pdf = await renderPdf('# 🔥🚒 Fire 👨‍👩‍👧 drill 👍🏽\n\n😀\n', { title: '🔥', fonts: testFonts() });
    const text = pdfText(pdf);
    assert.match(text, /Fire/);
    assert.match(text, /drill/);
  });

  it('loads no image and fetches nothing: the alt text stands in', async () => {
    const realFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (async (input: string | URL | Request) => {
      fetched.push(String(input));
      throw new Error('network access in a PDF export');
    }) as typeof fetch;
    try {
      const pdf = await renderPdf('![architecture diagram](https://example.com/x.png) ![local](/etc/passwd)\n', { title: 'x', fonts: testFonts() });
      assert.deepEqual(fetched, []);
      const text = pdfText(pdf);
      assert.match(text, /architecture diagram/);
      assert.match(text, /local/);
      assert.doesNotMatch(text, /root:/);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('works without a CJK font (CJK characters replaced)', async () => {
    const pdf = await renderPdf('# 报告 Report\n', { title: 'Report', fonts: { latinDir } });
    assert.match(pdfText(pdf), /Report/);
  });

  it('renders concurrent exports independently', async () => {
    const [a, b] = await Promise.all([
      renderPdf('# Alpha\n', { title: 'a', fonts: testFonts() }),
      renderPdf('# Beta 报告\n', { title: 'b', fonts: { latinDir } }),
    ]);
    assert.match(pdfText(a), /Alpha/);
    assert.match(pdfText(b), /Beta/);
  });

  it('denies pdfmake any URL and any file but the fonts, even for a document that asks for them', async () => {
    const fonts = prepareFonts(testFonts());
    const pdfmake = lockedDownPdfMake(fonts.dictionary, fonts.files);
    const withImage = (image: string) => ({ content: [{ image: 'picture' }], images: { picture: image }, defaultStyle: { font: 'Roboto' } });
    await assert.rejects(pdfmake.createPdf(withImage('https://example.com/x.png')).getBuffer(), /denied by resource access policy/);
    await assert.rejects(pdfmake.createPdf(withImage('/etc/hostname')).getBuffer(), /denied by resource access policy/);
  });
});

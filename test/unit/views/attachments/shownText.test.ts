// What a trcaa-log: document shows: the log's decoded text (a UTF-16 log too), its excerpt cut on a character.
import * as assert from 'node:assert/strict';
import type { Services } from '../../../../src/views/workbench/services';
import { readShownText, Utf8Excerpt } from '../../../../src/views/attachments/shownText';
import { useAttachmentStore } from '../../storage/repositories/attachmentTestStore';

describe('shown text of a stored log', () => {
  const ctx = useAttachmentStore();

  it('is the decoded text of a UTF-16LE/BE log, its BOM as U+FEFF (served as UTF-8 with a BOM)', async () => {
    const t = ctx();
    const issueId = t.addIssue();
    const services = { store: async () => t.store } as unknown as Services;
    const text = '\uFEFFuser bob@example.com café 😀\r\nnext\n';
    for (const bytes of [Buffer.from(text, 'utf16le'), Buffer.from(text, 'utf16le').swap16(), Buffer.from(text)]) {
      const { logFile } = t.store.logFiles.insertContent(issueId, bytes, { fileName: 'wide.log' });
      let shown = '';
      const result = await readShownText(services, logFile.id, (piece) => (shown += piece));
      assert.equal(shown, text);
      assert.deepEqual(result, { fileSize: bytes.length, excerpt: false, shownBytes: Buffer.byteLength(text) });
    }
  });

  it('an excerpt keeps whole characters within its UTF-8 budget, across pieces', () => {
    for (const limit of [0, 1, 2, 3, 4, 5, 6, 7, 9, 10]) {
      const excerpt = new Utf8Excerpt(limit);
      const kept = ['ab', 'é😀', '日x', 'more'].map((piece) => excerpt.take(piece)).join('');
      assert.ok(Buffer.byteLength(kept) <= limit, `${limit}: ${kept}`);
      assert.ok('abé😀日xmore'.startsWith(kept), `${limit}: ${kept}`);
      assert.ok(!/[\uD800-\uDBFF]$/.test(kept), 'never half a surrogate pair');
      assert.equal(excerpt.cut, true);
      // Nothing that would still fit was left out.
      const next = 'abé😀日xmore'.slice(kept.length).codePointAt(0) as number;
      assert.ok(Buffer.byteLength(kept) + Buffer.byteLength(String.fromCodePoint(next)) > limit);
    }
  });
});

// A log in UTF-16 (with a byte-order mark) is decoded by its BOM on every storage path — attach (file and memory),
// rescan, the text, a range, the redacted read and the egress release — with the offsets of its UTF-8 twin; a log
// whose encoding cannot be told is refused with a message that says so, and nothing is stored.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { failsWith } from '../repositories/attachmentTestStore';
import { usePiiStore } from './piiTestStore';

// Synthetic values only.
const TEXT = '\uFEFFuser bob@example.com from 10.1.2.3 password=Hunter2! café 😀\r\nsecond line carol@example.net\n';
const VALUES = ['bob@example.com', '10.1.2.3', 'Hunter2!', 'carol@example.net'];

export const utf16le = (text: string): Buffer => Buffer.from(text, 'utf16le');
export const utf16be = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16();

describe('log encodings on the storage paths', () => {
  const ctx = usePiiStore();

  for (const [name, encode] of [
    ['UTF-16LE', utf16le],
    ['UTF-16BE', utf16be],
  ] as const) {
    it(`a ${name} log (BOM) attached from a file: spans, text and rescan are those of its UTF-8 twin`, async () => {
      const { store, issueId, dir } = ctx();
      const twin = store.logFiles.insertContent(issueId, Buffer.from(TEXT, 'utf8'), { fileName: 'twin.log' });
      const file = path.join(dir, 'wide.log');
      writeFileSync(file, encode(TEXT));
      const wide = await store.logFiles.insertFromFile(issueId, file);
      assert.equal(wide.logFile.mimeType, 'text/plain', 'a UTF-16 log is text, not application/octet-stream');
      const spansOf = (id: string) => store.piiSpans.listForLog(id).map((s) => [s.piiType, s.startOffset, s.endOffset, s.originalValue]);
      assert.deepEqual(spansOf(wide.logFile.id), spansOf(twin.logFile.id));
      assert.deepEqual(store.piiSpans.listForLog(wide.logFile.id).map((s) => s.originalValue), VALUES);
      assert.equal(await store.logFiles.contentText(wide.logFile.id), TEXT);
      await store.piiSpans.scanLog(wide.logFile.id);
      assert.deepEqual(spansOf(wide.logFile.id), spansOf(twin.logFile.id));
      const manual = await store.piiSpans.addManual(wide.logFile.id, TEXT.indexOf('café'), TEXT.indexOf('café') + 4);
      assert.equal(manual.originalValue, 'café');
      // The stored copy is the file's bytes, unchanged.
      const stored = [];
      for await (const chunk of store.logFiles.content(wide.logFile.id)) stored.push(chunk);
      assert.deepEqual(Buffer.concat(stored), readFileSync(file));
    });
  }

  it('the redacted text and the release of a UTF-16 log hide every value; the release is UTF-8 (BOM as EF BB BF), hashed as released', async () => {
    const { store, issueId } = ctx();
    const { logFile } = store.logFiles.insertContent(issueId, utf16le(TEXT), { fileName: 'wide.log' });
    store.logFiles.approveRedaction(logFile.id);
    const release = await store.egress.releaseText({ logIds: [logFile.id], destination: 'clipboard' });
    for (const value of VALUES) assert.ok(!release.text.includes(value), `${value} leaked`);
    assert.ok(release.text.startsWith('\uFEFFuser [Email] from [IPv4]'), release.text);
    const bytes = Buffer.from(release.text, 'utf8');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(release.bytes, bytes.length);
    assert.equal(release.sha256, createHash('sha256').update(bytes).digest('hex'));
    const { handle } = store.logFiles.openRedacted(logFile.id);
    let viewed = '';
    for (let piece = await store.logFiles.readRedacted(handle); piece !== null; piece = await store.logFiles.readRedacted(handle)) viewed += piece;
    assert.equal(viewed, release.text);
  });

  it('a UTF-16 log without a BOM, or a UTF-32 one, is refused as such; nothing is stored', async () => {
    const { store, issueId, dir } = ctx();
    const noBom = utf16le(TEXT.slice(1));
    const error = await failsWith(() => store.logFiles.insertContent(issueId, noBom, { fileName: 'nobom.log' }), 'UNSUPPORTED_ENCODING');
    assert.match(error.message, /nobom\.log cannot be read as text: its encoding cannot be told: it has no byte-order mark/);
    const file = path.join(dir, 'nobom.log');
    writeFileSync(file, noBom);
    await failsWith(() => store.logFiles.insertFromFile(issueId, file), 'UNSUPPORTED_ENCODING');
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('b\0\0\0o\0\0\0b\0\0\0')]);
    const refused = await failsWith(() => store.logFiles.insertContent(issueId, utf32, { fileName: 'wide32.log' }), 'UNSUPPORTED_ENCODING');
    assert.match(refused.message, /UTF-32/);
    for (const e of [error, refused]) for (const value of VALUES) assert.ok(!e.message.includes(value));
    assert.equal(store.logFiles.listForIssue(issueId).length, 0);
  });
});

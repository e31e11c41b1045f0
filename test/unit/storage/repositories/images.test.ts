import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { MAX_IMAGE_BYTES } from '../../../../src/core/model/image';
import { newId } from '../../../../src/storage/ids';
import { failsWith, useAttachmentStore } from './attachmentTestStore';

/** A real (valid) PNG of w×h gray pixels with some noise, so different seeds give different bytes. */
function png(w: number, h: number, noise = 0): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const raw = Buffer.alloc((w + 1) * h, 0x80);
  for (let i = 0; i < h; i++) raw[i * (w + 1)] = 0;
  raw[raw.length - 1] = noise & 0xff;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const meta = { fileName: 'screenshot.png', mimeType: 'image/png', piiWarningAcknowledged: true };

describe('ImageRepository', () => {
  const ctx = useAttachmentStore();

  it('stores the bytes with size and SHA-256, returns them, and audits image.attached', () => {
    const { store, addIssue, clock } = ctx();
    const issueId = addIssue();
    const bytes = png(64, 48);
    const { image, duplicate } = store.images.insert(issueId, bytes, { ...meta, filePath: '/home/me/shot.png', isPaste: true });
    assert.equal(duplicate, false);
    assert.equal(image.fileSize, bytes.length);
    assert.equal(image.uploadHash, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(image.mimeType, 'image/png');
    assert.equal(image.isPaste, true);
    assert.equal(image.piiWarningAcknowledged, true);
    assert.equal(image.hasData, true);
    assert.equal(image.filePath, '/home/me/shot.png');
    assert.equal(image.uploadedAt, '2026-01-02 03:04:05');
    assert.deepEqual(Buffer.from(store.images.data(image.id)), bytes);
    assert.deepEqual(store.images.get(image.id), image);
    clock.advance(1000);
    const second = store.images.insert(issueId, png(10, 10), { ...meta, fileName: 'b.png', piiWarningAcknowledged: false }).image;
    assert.equal(second.piiWarningAcknowledged, false);
    assert.equal(second.filePath, '');
    assert.deepEqual(store.images.listForIssue(issueId).map((i) => i.id), [image.id, second.id]);
    for (const row of store.images.listForIssue(issueId)) assert.ok(!('image_data' in row) && !('data' in row), 'no bytes in lists');
    const audit = store.audit.list({ action: 'image.attached', entityId: image.id });
    assert.equal(audit.length, 1);
    assert.equal((JSON.parse(audit[0]?.details ?? '{}') as { upload_hash: string }).upload_hash, image.uploadHash);
  });

  it('the same image twice on one issue returns the existing row; another issue stores its own', () => {
    const { store, addIssue, db } = ctx();
    const a = addIssue('A');
    const b = addIssue('B');
    const bytes = png(32, 32);
    const first = store.images.insert(a, bytes, meta);
    const again = store.images.insert(a, Buffer.from(bytes), { ...meta, fileName: 'copy.png' });
    assert.equal(again.duplicate, true);
    assert.equal(again.image.id, first.image.id);
    assert.equal(again.image.fileName, 'screenshot.png');
    const other = store.images.insert(b, bytes, meta);
    assert.equal(other.duplicate, false);
    assert.equal(store.images.insert(a, png(32, 32, 7), meta).duplicate, false, 'one byte differs: not a duplicate');
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM image_attachments')?.n, 3);
    assert.equal(store.audit.list({ action: 'image.attached' }).length, 3);
  });

  it('caps an image at 10 MiB with a clear error, storing nothing', async () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    const header = png(1, 1);
    const atCap = Buffer.concat([header, Buffer.alloc(MAX_IMAGE_BYTES - header.length)]);
    assert.equal(store.images.insert(issueId, atCap, meta).image.fileSize, MAX_IMAGE_BYTES);
    const over = Buffer.concat([header, randomBytes(MAX_IMAGE_BYTES + 1 - header.length)]);
    const error = await failsWith(() => store.images.insert(issueId, over, { ...meta, fileName: 'huge.png' }), 'CONTENT_TOO_LARGE');
    assert.match(error.message, /huge\.png is 10\.0 MiB; an image may be at most 10 MiB/);
    assert.equal(store.images.listForIssue(issueId).length, 1);
  });

  it('trusts the bytes, not the declared type: JPEG/GIF/WebP/SVG recognised, text and other XML refused', async () => {
    const { store, addIssue } = ctx();
    const issueId = addIssue();
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(100)]);
    assert.equal(store.images.insert(issueId, jpeg, { ...meta, mimeType: 'image/png' }).image.mimeType, 'image/jpeg');
    const gif = Buffer.concat([Buffer.from('GIF89a'), randomBytes(50)]);
    assert.equal(store.images.insert(issueId, gif, { ...meta, mimeType: 'image/gif' }).image.mimeType, 'image/gif');
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([1, 2, 3, 4]), Buffer.from('WEBPVP8 '), randomBytes(50)]);
    assert.equal(store.images.insert(issueId, webp, { ...meta, mimeType: 'image/webp' }).image.mimeType, 'image/webp');
    const svg = Buffer.from('\uFEFF<?xml version="1.0"?>\n<!-- drawn -->\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>');
    assert.equal(store.images.insert(issueId, svg, { ...meta, mimeType: 'image/png' }).image.mimeType, 'image/svg+xml');
    await failsWith(() => store.images.insert(issueId, Buffer.from('<?xml version="1.0"?><html><svg/></html>'), { ...meta, mimeType: 'image/svg+xml' }), 'INVALID_CONTENT');
    await failsWith(() => store.images.insert(issueId, Buffer.from('not an image'), meta), 'INVALID_CONTENT');
    await failsWith(() => store.images.insert(issueId, Buffer.alloc(0), meta), 'INVALID_CONTENT');
    await failsWith(() => store.images.insert(issueId, png(2, 2), { ...meta, mimeType: 'text/plain' }), 'VALIDATION');
    await failsWith(() => store.images.insert(issueId, png(2, 2), { fileName: 'x.png', mimeType: 'image/png' } as never), 'VALIDATION');
    await failsWith(() => store.images.insert(newId(), png(2, 2), meta), 'NOT_FOUND');
  });

  it('deletes with audit image.deleted; legacy rows without bytes say NO_CONTENT', async () => {
    const { store, addIssue, db } = ctx();
    const issueId = addIssue();
    const { image } = store.images.insert(issueId, png(8, 8), meta);
    assert.equal(store.images.delete(image.id), true);
    assert.equal(store.images.get(image.id), null);
    assert.equal(store.images.delete(image.id), false);
    await failsWith(() => store.images.data(image.id), 'NOT_FOUND');
    assert.equal(store.audit.list({ action: 'image.deleted', entityId: image.id }).length, 1);

    const legacy = newId();
    db.exec("INSERT INTO image_attachments(id, issue_id, file_name, file_path) VALUES (?, ?, 'old.png', '/tmp/old.png')", [legacy, issueId]);
    assert.equal(store.images.get(legacy)?.hasData, false);
    const error = await failsWith(() => store.images.data(legacy), 'NO_CONTENT');
    assert.equal(error.details.filePath, '/tmp/old.png');
  });
});

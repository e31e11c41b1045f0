// Attaching workspace logs and images inside a real VS Code: what is stored, what is refused, how it opens.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { AttachSummary } from '../../../src/views/attachments/attachLog';
import type { ImageOutcome } from '../../../src/views/attachments/attachImage';
import { attachFiles } from '../../../src/views/attachments/attachLog';
import { createIssueDropController } from '../../../src/views/attachments/dropController';
import type { TestApi } from '../../../src/extension';
import { attachmentNodes, attachmentRows, issuesView } from './testApi';
import type { Services } from '../../../src/views/workbench/services';
import type { RemoteStore } from '../../../src/storage/store';
import { until } from './until';
import { scriptUi } from './ui';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function storedBytes(store: RemoteStore, logId: string): Promise<Buffer> {
  const { handle } = await store.logFiles.openContent(logId, {});
  const chunks: Uint8Array[] = [];
  for (let chunk = await store.logFiles.readContent(handle); chunk; chunk = await store.logFiles.readContent(handle)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** CRC-32 (PNG chunks), bitwise: small and dependency-free for the few bytes a test image has. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A minimal valid PNG built here: 2×2 RGB pixels of `rgb` (signature, IHDR, one IDAT, IEND). */
function makePng(rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); // width
  ihdr.writeUInt32BE(2, 4); // height
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, adaptive filtering, no interlace
  const row = Buffer.from([0, ...rgb, ...rgb]); // filter type 0, two pixels
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat([row, row]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('attach logs and images', function () {
  this.timeout(120_000);
  let store: RemoteStore;
  let issueId: string;
  let dir: string;
  let outside: string;
  let api: TestApi;
  const title = 'Checkout 502s <b>after</b> deploy';
  const attach = (files: string[], id = issueId) => vscode.commands.executeCommand<AttachSummary>('trcaa.attachLog', { issueId: id, files });

  before(async () => {
    const extension = vscode.extensions.getExtension<TestApi>('trcaa.trcaa');
    assert.ok(extension);
    api = await extension.activate();
    store = await api.store();
    issueId = (await store.issues.create({ title, severity: 'high' })).id;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the demo workspace is open');
    dir = path.join(root, 'attach-test');
    mkdirSync(dir, { recursive: true });
    outside = mkdtempSync(path.join(os.tmpdir(), 'trcaa-attach-'));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('trcaa').update('attach.maxLogSizeMB', undefined, vscode.ConfigurationTarget.Global);
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('attaches a workspace log: hash, size, workspace path and content as the file; again is a duplicate', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const original = readFileSync(path.join(root, 'logs', 'api-gateway.log'));
    const file = path.join(dir, 'gateway.log');
    writeFileSync(file, original);
    const first = await attach([file]);
    assert.equal(first.outcomes[0]?.status, 'attached', first.outcomes[0]?.message);
    const id = first.outcomes[0]?.logFile?.id ?? '';
    const row = await store.logFiles.get(id);
    assert.ok(row);
    assert.equal(row.contentHash, sha256(original));
    assert.equal(row.fileSize, original.length);
    assert.equal(row.filePath, 'attach-test/gateway.log');
    assert.equal(row.fileName, 'gateway.log');
    assert.ok((await storedBytes(store, id)).equals(original), 'the decompressed content equals the file');

    const again = await attach([file]);
    assert.equal(again.outcomes[0]?.status, 'duplicate');
    assert.equal(again.outcomes[0]?.logFile?.id, id);
    assert.equal((await store.logFiles.listForIssue(issueId)).filter((l) => l.contentHash === row.contentHash).length, 1, 'not stored twice');
  });

  it('opens the workspace file while unchanged, then the stored copy read-only once it is deleted', async () => {
    const file = path.join(dir, 'opened.log');
    const text = 'line one\nline two: payment declined for order 42\n';
    writeFileSync(file, text);
    const id = (await attach([file])).outcomes[0]?.logFile?.id ?? '';
    const live = await vscode.commands.executeCommand<vscode.Uri>('trcaa.openLog', id);
    assert.equal(live.scheme, 'file');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    unlinkSync(file);
    const stored = await vscode.commands.executeCommand<vscode.Uri>('trcaa.openLog', id);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, 'trcaa-log');
    assert.equal(stored.scheme, 'trcaa-log');
    assert.equal(editor?.document.getText(), text);
    assert.match(stored.path, /opened\.log$/);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(stored, Buffer.from('tampered'))));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a stored log over 50 MB as a bounded excerpt with a note on top', async () => {
    const file = path.join(dir, 'huge.log');
    const line = '2026-11-28T16:00:00Z INFO payments-service request handled in 12 ms order=000000\n';
    writeFileSync(file, line.repeat(Math.ceil((52 * 1024 * 1024) / line.length)));
    const id = (await attach([file])).outcomes[0]?.logFile?.id ?? '';
    unlinkSync(file);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('trcaa.openLog', id);
    assert.equal(uri.scheme, 'trcaa-log');
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.toString(), uri.toString());
    assert.match(document?.lineAt(0).text ?? '', /huge\.log is 52\.0 MB.*first 48\.0 MB only/);
    assert.equal(document?.lineAt(2).text, line.trimEnd());
    assert.ok((document?.getText().length ?? Infinity) < 50 * 1024 * 1024);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the issues tree drop handler attaches files from a text/uri-list', async () => {
    const file = path.join(dir, 'dropped.log');
    writeFileSync(file, 'dropped from the Explorer\n');
    const attached: string[] = [];
    const services = { store: () => Promise.resolve(store), log: { info: () => undefined, error: () => undefined }, ui: scriptUi(undefined, []).ui } as unknown as Services;
    const controller = createIssueDropController<unknown>(services, (id) => attached.push(id));
    assert.deepEqual(controller.dropMimeTypes, ['text/uri-list']);
    const transfer = new vscode.DataTransfer();
    transfer.set('text/uri-list', new vscode.DataTransferItem(`# from the Explorer\r\n${vscode.Uri.file(file).toString()}\r\n`));
    const issueNode = { kind: 'issue', issue: { id: issueId } };
    await controller.handleDrop?.(issueNode, transfer, new vscode.CancellationTokenSource().token);
    assert.deepEqual(attached, [issueId]);
    const logs = await store.logFiles.listForIssue(issueId);
    assert.ok(logs.some((l) => l.fileName === 'dropped.log' && l.filePath === 'attach-test/dropped.log'));
    // A drop on a non-issue node does nothing.
    assert.equal(await controller.attachDropped({ kind: 'group' }, transfer, new vscode.CancellationTokenSource().token), undefined);
  });

  describe('bad inputs', () => {
    const countLogs = async () => (await store.logFiles.listForIssue(issueId)).length;

    it('refuses an empty file', async () => {
      const file = path.join(dir, 'empty.log');
      writeFileSync(file, '');
      const before = await countLogs();
      const result = await attach([file]);
      assert.equal(result.outcomes[0]?.status, 'refused');
      assert.equal(result.outcomes[0]?.code, 'EMPTY');
      assert.match(result.outcomes[0]?.message ?? '', /empty\.log is empty/);
      assert.equal(await countLogs(), before);
    });

    it('refuses a binary file with a hint', async () => {
      const file = path.join(dir, 'core.dump');
      writeFileSync(file, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]));
      const before = await countLogs();
      const result = await attach([file]);
      assert.equal(result.outcomes[0]?.code, 'BINARY');
      assert.match(result.outcomes[0]?.message ?? '', /binary file.*convert it to text/);
      assert.equal(await countLogs(), before);
    });

    it('refuses a file over the cap set in the settings', async () => {
      await vscode.workspace.getConfiguration('trcaa').update('attach.maxLogSizeMB', 0.001, vscode.ConfigurationTarget.Global);
      try {
        const file = path.join(dir, 'big.log');
        writeFileSync(file, 'x'.repeat(4096));
        const before = await countLogs();
        const result = await attach([file]);
        assert.equal(result.outcomes[0]?.code, 'TOO_LARGE');
        assert.match(result.outcomes[0]?.message ?? '', /big\.log is 4\.0 KB, over the 1\.0 KB limit.*trcaa\.attach\.maxLogSizeMB/);
        assert.equal(await countLogs(), before);
      } finally {
        await vscode.workspace.getConfiguration('trcaa').update('attach.maxLogSizeMB', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('stores invalid UTF-8 byte for byte', async () => {
      const file = path.join(dir, 'latin1.log');
      const bytes = Buffer.concat([Buffer.from('user=Jos'), Buffer.from([0xe9, 0xff, 0xc3, 0x28]), Buffer.from(' logged in\n')]);
      writeFileSync(file, bytes);
      const result = await attach([file]);
      assert.equal(result.outcomes[0]?.status, 'attached', result.outcomes[0]?.message);
      const id = result.outcomes[0]?.logFile?.id ?? '';
      assert.ok((await storedBytes(store, id)).equals(bytes));
      assert.equal((await store.logFiles.get(id))?.contentHash, sha256(bytes));
    });

    it('keeps CRLF line endings', async () => {
      const file = path.join(dir, 'windows.log');
      const text = 'first\r\nsecond\r\n';
      writeFileSync(file, text);
      const result = await attach([file]);
      const id = result.outcomes[0]?.logFile?.id ?? '';
      assert.equal(await store.logFiles.contentText(id, {}), text);
      assert.equal((await store.logFiles.get(id))?.fileSize, Buffer.byteLength(text));
    });

    it('attaches a file outside the workspace with its absolute path, and says so', async () => {
      const file = path.join(outside, 'syslog.log');
      writeFileSync(file, 'kernel: eth0 link down\n');
      const result = await attach([file]);
      assert.equal(result.outcomes[0]?.status, 'attached');
      assert.equal(result.outcomes[0]?.outsideWorkspace, true);
      assert.equal(result.outcomes[0]?.logFile?.filePath, file);
    });

    it('reads a symlink through to its target and records the link’s workspace path', async () => {
      const target = path.join(outside, 'real-target.log');
      writeFileSync(target, 'the target of a link\n');
      const link = path.join(dir, 'link.log');
      symlinkSync(target, link);
      const result = await attach([link]);
      assert.equal(result.outcomes[0]?.status, 'attached', result.outcomes[0]?.message);
      const row = result.outcomes[0]?.logFile;
      assert.equal(row?.filePath, 'attach-test/link.log');
      assert.equal(row?.fileName, 'link.log');
      assert.equal(row?.contentHash, sha256(readFileSync(target)));
    });

    it('refuses a file deleted between pick and read, storing nothing', async () => {
      const file = path.join(dir, 'vanished.log');
      writeFileSync(file, 'here a moment ago\n');
      const picked = [file];
      unlinkSync(file);
      assert.ok(!existsSync(file));
      const before = await countLogs();
      const result = await attach(picked);
      assert.equal(result.outcomes[0]?.code, 'FILE_UNREADABLE');
      assert.match(result.outcomes[0]?.message ?? '', /vanished\.log could not be read: it no longer exists/);
      assert.equal(await countLogs(), before);
    });

    it('a cancelled attach leaves nothing behind', async () => {
      const file = path.join(dir, 'cancelled.log');
      writeFileSync(file, 'GET /checkout 502 upstream timed out\n'.repeat(500_000));
      const before = await countLogs();
      const services = { store: () => Promise.resolve(store), log: { info: () => undefined, error: () => undefined }, ui: scriptUi(undefined, []).ui } as unknown as Services;
      const source = new vscode.CancellationTokenSource();
      const pending = attachFiles(services, issueId, [file], source.token);
      source.cancel();
      const result = await pending;
      assert.equal(result.outcomes[0]?.status, 'cancelled');
      assert.equal(await countLogs(), before);
      assert.ok(!(await store.logFiles.listForIssue(issueId)).some((l) => l.fileName === 'cancelled.log'));
    });

    it('attaches the good files of a batch and reports the bad ones', async () => {
      const good = path.join(dir, 'batch-good.log');
      const bad = path.join(dir, 'batch-bad.bin');
      writeFileSync(good, 'fine\n');
      writeFileSync(bad, Buffer.alloc(64));
      const result = await attach([good, bad]);
      assert.deepEqual(result.outcomes.map((o) => o.status), ['attached', 'refused']);
    });
  });

  describe('images', () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );

    it('declining the PII acknowledgement stores nothing', async () => {
      const file = path.join(dir, 'declined.png');
      writeFileSync(file, png);
      const ui = scriptUi(api, [[/may show personal data/, undefined]]);
      const result = await Promise.resolve(vscode.commands.executeCommand<ImageOutcome[] | undefined>('trcaa.attachImage', { issueId, files: [file] })).finally(() => ui.restore());
      assert.equal(result, undefined);
      assert.deepEqual(ui.asked, ['This image may show personal data.'], 'the modal asked, once');
      assert.equal((await store.images.listForIssue(issueId)).length, 0);
    });

    it('attaches with the acknowledgement recorded, dedupes, accepts SVG and opens a preview', async () => {
      const file = path.join(dir, 'screenshot.png');
      writeFileSync(file, png);
      const svg = path.join(dir, 'diagram.svg');
      writeFileSync(svg, '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n');
      const ui = scriptUi(api, [[/may show personal data/, 'I Understand, Attach']]);
      const first = await vscode.commands.executeCommand<ImageOutcome[]>('trcaa.attachImage', { issueId, files: [file, svg] });
      assert.deepEqual(ui.asked.filter((t) => /personal data/.test(t)), ['These 2 images may show personal data.']);
      assert.deepEqual(first.map((o) => o.status), ['attached', 'attached'], JSON.stringify(first));
      assert.equal(first[0]?.image?.piiWarningAcknowledged, true);
      assert.equal(first[0]?.image?.mimeType, 'image/png');
      assert.equal(first[0]?.image?.uploadHash, sha256(png));
      assert.equal(first[1]?.image?.mimeType, 'image/svg+xml');
      const again = await Promise.resolve(vscode.commands.executeCommand<ImageOutcome[]>('trcaa.attachImage', { issueId, files: [file] })).finally(() => ui.restore());
      assert.equal(again[0]?.status, 'duplicate');
      assert.equal((await store.images.listForIssue(issueId)).length, 2);

      const uri = await vscode.commands.executeCommand<vscode.Uri>('trcaa.openImage', first[0]?.image?.id);
      assert.equal(uri.scheme, 'trcaa-image');
      assert.match(uri.path, /screenshot\.png$/);
      assert.ok(Buffer.from(await vscode.workspace.fs.readFile(uri)).equals(png));
      await until('the image tab', () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((tab) => (tab.input as { uri?: vscode.Uri } | undefined)?.uri?.toString() === uri.toString()),
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  // Logs and images in one batch: image bytes go the image path, after one acknowledgement for the batch. An issue
  // of its own, so the image counts of the tests above stay as they expect.
  describe('mixed batches of logs and images', () => {
    let mixedIssue: string;
    /** Services whose image acknowledgement is answered with `answer` (undefined: dismissed). */
    const services = (answer?: string) => ({ store: () => Promise.resolve(store), log: { info: () => undefined, error: () => undefined }, ui: scriptUi(undefined, [[/may show personal data/, answer]]).ui }) as unknown as Services;
    const dropOn = (id: string, files: string[]) => {
      const transfer = new vscode.DataTransfer();
      transfer.set('text/uri-list', new vscode.DataTransferItem(files.map((f) => vscode.Uri.file(f).toString()).join('\r\n')));
      return { node: { kind: 'issue', issue: { id } }, transfer };
    };

    before(async () => {
      mixedIssue = (await store.issues.create({ title: 'Mixed drop', severity: 'medium' })).id;
    });

    it('a drop of one log and one PNG attaches one log and one image', async () => {
      const log = path.join(dir, 'mixed-app.log');
      const png = path.join(dir, 'mixed-shot.png');
      const pngBytes = makePng([200, 30, 30]);
      writeFileSync(log, 'ERROR checkout failed: upstream 502\n');
      writeFileSync(png, pngBytes);
      const attached: string[] = [];
      const controller = createIssueDropController<unknown>(services('I Understand, Attach'), (id) => attached.push(id));
      const { node, transfer } = dropOn(mixedIssue, [log, png]);
      const summary = await controller.attachDropped(node, transfer, new vscode.CancellationTokenSource().token);
      assert.ok(summary);
      assert.deepEqual(summary.outcomes.map((o) => [path.basename(o.file), o.status]), [['mixed-app.log', 'attached']], JSON.stringify(summary));
      assert.deepEqual(summary.images.map((o) => [path.basename(o.file), o.status]), [['mixed-shot.png', 'attached']], JSON.stringify(summary));
      assert.deepEqual(attached, [mixedIssue]);
      const logs = await store.logFiles.listForIssue(mixedIssue);
      assert.deepEqual(logs.map((l) => l.fileName), ['mixed-app.log']);
      const images = await store.images.listForIssue(mixedIssue);
      assert.equal(images.length, 1);
      assert.equal(images[0]?.fileName, 'mixed-shot.png');
      assert.equal(images[0]?.filePath, 'attach-test/mixed-shot.png');
      assert.equal(images[0]?.mimeType, 'image/png');
      assert.equal(images[0]?.uploadHash, sha256(pngBytes));
      assert.equal(images[0]?.piiWarningAcknowledged, true);
    });

    it('declining the acknowledgement attaches only the log', async () => {
      const declinedIssue = (await store.issues.create({ title: 'Mixed drop, declined', severity: 'low' })).id;
      const log = path.join(dir, 'declined-app.log');
      const png = path.join(dir, 'declined-shot.png');
      writeFileSync(log, 'WARN retrying payment\n');
      writeFileSync(png, makePng([30, 200, 30]));
      const controller = createIssueDropController<unknown>(services());
      const { node, transfer } = dropOn(declinedIssue, [png, log]);
      const summary = await controller.attachDropped(node, transfer, new vscode.CancellationTokenSource().token);
      assert.ok(summary);
      assert.deepEqual(summary.outcomes.map((o) => [path.basename(o.file), o.status]), [['declined-app.log', 'attached']]);
      assert.deepEqual(summary.images.map((o) => [path.basename(o.file), o.status]), [['declined-shot.png', 'declined']]);
      assert.deepEqual((await store.logFiles.listForIssue(declinedIssue)).map((l) => l.fileName), ['declined-app.log']);
      assert.equal((await store.images.listForIssue(declinedIssue)).length, 0);
    });

    it('"Attach to Issue…" takes images by their bytes and still refuses a true binary with a hint', async () => {
      const binaryIssue = (await store.issues.create({ title: 'Mixed explorer batch', severity: 'low' })).id;
      const elf = path.join(dir, 'mixed-core.dump');
      writeFileSync(elf, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]));
      // Named like an image, bytes of a binary: refused, and the hint does not send it to Attach Image.
      const fake = path.join(dir, 'not-really.png');
      writeFileSync(fake, Buffer.alloc(64));
      // An image without an image's name still becomes an image.
      const renamed = path.join(dir, 'screenshot-without-extension');
      writeFileSync(renamed, makePng([30, 30, 200]));
      const svg = path.join(dir, 'mixed-diagram.svg');
      writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n');
      const ui = scriptUi(api, [[/may show personal data/, 'I Understand, Attach']]);
      const summary = await Promise.resolve(vscode.commands.executeCommand<AttachSummary>('trcaa.attachLog', { issueId: binaryIssue, files: [elf, fake, renamed, svg] })).finally(() => ui.restore());
      assert.deepEqual(summary.outcomes.map((o) => [path.basename(o.file), o.status, o.code]), [
        ['mixed-core.dump', 'refused', 'BINARY'],
        ['not-really.png', 'refused', 'BINARY'],
      ]);
      assert.match(summary.outcomes[0]?.message ?? '', /binary file.*convert it to text/);
      assert.match(summary.outcomes[1]?.message ?? '', /bytes are not a PNG/);
      assert.deepEqual(summary.images.map((o) => [path.basename(o.file), o.status, o.image?.mimeType]), [
        ['screenshot-without-extension', 'attached', 'image/png'],
        ['mixed-diagram.svg', 'attached', 'image/svg+xml'],
      ]);
      assert.equal((await store.logFiles.listForIssue(binaryIssue)).length, 0);
      assert.equal((await store.images.listForIssue(binaryIssue)).length, 2);
    });
  });

  // In a describe of its own: mocha runs a level's own tests before its describes, and this one needs the images.
  describe('the All Attachments view', () => {
    it('lists logs and images with their issue title, filterable by name', async () => {
      const rows = await attachmentRows();
      // The same rows as under the incident (review state and all), with the incident's title.
      assert.ok(rows.some((r) => r.label === 'gateway.log' && r.description.startsWith(title) && /^trcaa\.log\./.test(r.contextValue)), JSON.stringify(rows));
      assert.ok(rows.some((r) => r.label === 'screenshot.png' && r.description === title && r.contextValue === 'trcaa.image'));
      await vscode.commands.executeCommand('trcaa.attachments.filter', 'gateway');
      try {
        const filtered = await attachmentRows();
        assert.ok(filtered.length >= 1);
        assert.ok(filtered.every((r) => r.label.includes('gateway')), JSON.stringify(filtered));
      } finally {
        await vscode.commands.executeCommand('trcaa.attachments.clearFilter');
      }
    });

    it('pages 100 rows at a time with "Load more"', async () => {
      const pagingIssue = (await store.issues.create({ title: 'Paging', severity: 'low' })).id;
      for (let i = 0; i < 105; i++) await store.logFiles.insertContent(pagingIssue, new TextEncoder().encode(`row ${i}\n`), { fileName: `paging-${i}.log` });
      await vscode.commands.executeCommand('trcaa.attachments.filter', 'paging-');
      try {
        const first = await attachmentRows();
        assert.equal(first.filter((r) => r.contextValue.startsWith('trcaa.log.')).length, 100);
        assert.deepEqual(first.at(-1), { label: 'Load more…', description: '100 of 105', contextValue: 'trcaa.loadMore', icon: 'ellipsis' });
        await vscode.commands.executeCommand('trcaa.attachments.loadMore', 'logs');
        const all = await attachmentRows();
        assert.equal(all.filter((r) => r.contextValue.startsWith('trcaa.log.')).length, 105);
        assert.ok(!all.some((r) => r.label === 'Load more…'));
      } finally {
        await vscode.commands.executeCommand('trcaa.attachments.clearFilter');
      }
    });
  });

  describe('the issues tree', () => {
    type Item = { label: string; contextValue?: string; children?: Item[] };
    const flatten = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flatten(i.children ?? [])]);

    it('shows an attached log under its issue, refreshed after the attach', async () => {
      const file = path.join(dir, 'tree-refresh.log');
      writeFileSync(file, 'shown in the tree\n');
      await issuesView({ expand: [issueId] });
      await attach([file]);
      const tree = await issuesView<{ groups: Item[] }>({ expand: [issueId] });
      const items = flatten(tree.groups);
      assert.ok(items.some((i) => i.label === 'tree-refresh.log' && i.contextValue?.startsWith('trcaa.log.')), JSON.stringify(items.map((i) => i.label)));
    });
  });

  it('deletes a log after the modal confirms it; dismissed, it stays', async () => {
    const file = path.join(dir, 'to-delete.log');
    writeFileSync(file, 'delete me\n');
    const id = (await attach([file])).outcomes[0]?.logFile?.id ?? '';
    // As a view's context menu passes it: the log's row.
    const leaf = (await attachmentNodes()).find((node) => node.target?.kind === 'log' && node.target.id === id);
    assert.ok(leaf, "the log's row");
    const dismissed = scriptUi(api, [[/^Delete the log "to-delete\.log"/, undefined]]);
    assert.equal(await Promise.resolve(vscode.commands.executeCommand('trcaa.deleteLog', leaf)).finally(() => dismissed.restore()), false);
    assert.ok(await store.logFiles.get(id), 'kept when the modal was dismissed');
    const confirmed = scriptUi(api, [[/^Delete the log "to-delete\.log"/, 'Delete']]);
    assert.equal(await Promise.resolve(vscode.commands.executeCommand('trcaa.deleteLog', leaf)).finally(() => confirmed.restore()), true);
    assert.equal(confirmed.asked.length, 1);
    assert.equal(await store.logFiles.get(id), null);
  });
});

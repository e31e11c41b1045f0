// scripts/check-vsix.mjs guards what ships: prove it accepts a good package and rejects each kind of bad one.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { repoRoot } from '../../host/paths';

/** A zip with stored (uncompressed) entries: local headers, data, central directory, end record. */
function zip(files: Record<string, Buffer | string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const good: Record<string, string> = {
  '[Content_Types].xml': '<Types/>',
  'extension.vsixmanifest': '<PackageManifest/>',
  'extension/package.json': '{}',
  'extension/readme.md': '# TRCAA',
  'extension/LICENSE.txt': 'MIT',
  'extension/dist/extension.js': '"use strict";',
  'extension/dist/chunks/loadPii-ZKLN6PVW.js': '"use strict";',
  'extension/dist/dbWorker.js': '"use strict";',
  'extension/dist/logMiner.js': '"use strict";',
  'extension/dist/pdfRenderer.js': '"use strict";',
  'extension/dist/sqlite3.wasm': '\0asm',
  'extension/dist/fonts/Roboto-Regular.ttf': '\0\x01\0\0',
  'extension/media/walkthrough/sidebar.md': 'sidebar',
};

describe('scripts/check-vsix.mjs', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'trcaa-vsix-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function check(files: Record<string, Buffer | string>) {
    const file = path.join(dir, 'test.vsix');
    writeFileSync(file, zip(files));
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'check-vsix.mjs'), file], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('accepts a package of bundles, wasm, media and metadata, and lists it with its size', () => {
    const result = check(good);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /extension\/dist\/sqlite3\.wasm/);
    assert.match(result.stdout, /13 files, 0\.00 MB \(\d+ bytes; limit 4 MB\)/);
  });

  for (const extra of ['extension/src/extension.ts', 'extension/dist/extension.js.map', 'extension/node_modules/zod/package.json', 'extension/out/test/unit/x.test.js', 'extension/media/webview/main.ts']) {
    it(`rejects ${extra}`, () => {
      const result = check({ ...good, [extra]: 'x' });
      assert.equal(result.status, 1);
      assert.match(result.stderr, new RegExp(`not allowed in the package: ${extra.replace(/\./g, '\\.')}`));
    });
  }

  it('rejects a package without the database worker', () => {
    const { 'extension/dist/dbWorker.js': _worker, ...rest } = good;
    const result = check(rest);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /missing: extension\/dist\/dbWorker\.js/);
  });

  it("rejects a package without the PDF export's font", () => {
    const { 'extension/dist/fonts/Roboto-Regular.ttf': _font, ...rest } = good;
    const result = check(rest);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /missing: extension\/dist\/fonts\/Roboto-Regular\.ttf/);
  });

  it('rejects a package over 4 MB', () => {
    const result = check({ ...good, 'extension/dist/sqlite3.wasm': Buffer.alloc(4 * 1024 * 1024 + 1) });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /too large: \d+ bytes > 4194304 bytes/);
  });

  it('rejects a file that is not a zip', () => {
    const file = path.join(dir, 'not.vsix');
    writeFileSync(file, 'hello');
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'check-vsix.mjs'), file], { encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^check-vsix: not a zip file/m);
  });
});

// What activation loads: the extension bundle leaves the PDF stack to dist/pdfRenderer.js (required on the first PDF
// export), and brotli (fontkit's WOFF2 decoder, never used) is left out. Reads the development build's module
// markers ("// node_modules/<package>/…"), so run after `npm run build`.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../host/paths';

const bundle = (name: string) => {
  const file = path.join(repoRoot, 'dist', name);
  assert.ok(existsSync(file), `${file} exists: run \`npm run build\` first`);
  return readFileSync(file, 'utf8');
};
const packagesIn = (code: string) => new Set([...code.matchAll(/^\/\/ node_modules\/((?:@[^/\s]+\/)?[^/\s]+)\//gm)].map((m) => m[1]));

describe('bundles', () => {
  it('the extension bundle holds no PDF code; the PDF renderer holds it, without brotli', () => {
    const extension = packagesIn(bundle('extension.js'));
    const renderer = packagesIn(bundle('pdfRenderer.js'));
    for (const pdfPackage of ['pdfmake', 'pdfkit', 'fontkit']) {
      assert.ok(!extension.has(pdfPackage), `${pdfPackage} is not loaded at activation`);
      assert.ok(renderer.has(pdfPackage), `${pdfPackage} is in the PDF renderer`);
    }
    assert.ok(!renderer.has('brotli'), 'brotli is replaced by the stub');
  });
});

describe("bundles: zod's locales", () => {
  const zodFiles = (code: string) => new Set([...code.matchAll(/^\/\/ \S*node_modules\/zod\/v4\/(\S+)$/gm)].map((m) => m[1]));

  for (const name of ['extension.js', 'dbWorker.js', 'trcaa-db.js']) {
    it(`${name} carries English messages only (not zod's 48 locales)`, () => {
      const files = zodFiles(bundle(name));
      assert.ok(files.has('locales/en.js'), 'English is in');
      assert.deepEqual([...files].filter((file) => file.startsWith('locales/') && file !== 'locales/en.js'), []);
    });
  }

  it('a zod error still reads in English', async () => {
    const { z } = await import('zod');
    const result = z.object({ title: z.string().min(1) }).safeParse({ title: '' });
    assert.ok(!result.success && /Too small/.test(z.prettifyError(result.error)), 'English message');
  });
});

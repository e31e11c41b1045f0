// What activation loads: the extension bundle leaves the PDF stack to dist/pdfRenderer.js (required on the first PDF
// export), and brotli (fontkit's WOFF2 decoder, never used) is left out. Reads the development build's source maps
// (the files each bundle was built from), so run after `npm run build`.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../host/paths';

/** The source files a bundle of dist/ was built from, as paths from the repository root (its source map). */
const sourcesOf = (name: string): string[] => {
  const map = path.join(repoRoot, 'dist', `${name}.map`);
  assert.ok(existsSync(map), `${map} exists: run \`npm run build\` first`);
  const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
  return sources.map((source) => path.relative(repoRoot, path.resolve(path.dirname(map), source)).split(path.sep).join('/'));
};
/** The features loaded on first use (scripts/build.mjs splits them off). */
const chunks = () => readdirSync(path.join(repoRoot, 'dist', 'chunks')).filter((name) => name.endsWith('.js')).map((name) => `chunks/${name}`);
/** The extension's sources: what activation loads (extension.js) and the chunks. */
const extensionSources = () => ['extension.js', ...chunks()].flatMap(sourcesOf);
const packagesIn = (sources: string[]) => new Set(sources.flatMap((source) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1] ?? []));

describe('bundles', () => {
  it('the extension bundle holds no PDF code; the PDF renderer holds it, without brotli', () => {
    const extension = packagesIn(extensionSources());
    const renderer = packagesIn(sourcesOf('pdfRenderer.js'));
    for (const pdfPackage of ['pdfmake', 'pdfkit', 'fontkit']) {
      assert.ok(!extension.has(pdfPackage), `${pdfPackage} is not loaded at activation`);
      assert.ok(renderer.has(pdfPackage), `${pdfPackage} is in the PDF renderer`);
    }
    assert.ok(!renderer.has('brotli'), 'brotli is replaced by the stub');
  });
});

describe('bundles: the first paint', () => {
  it('dist/extension.js (what activation loads) holds neither zod nor markdown-it; the chunks loaded on first use do', () => {
    const first = packagesIn(sourcesOf('extension.js'));
    const later = packagesIn(chunks().flatMap(sourcesOf));
    for (const name of ['zod', 'markdown-it']) {
      assert.ok(!first.has(name), `${name} is not in extension.js`);
      assert.ok(later.has(name), `${name} is in a chunk`);
    }
  });
});

describe('bundles: the vscode API object', () => {
  it('is required as it is, never copied per module (__toESM of require("vscode") cost ms at activation)', () => {
    for (const name of ['extension.js', ...chunks()]) {
      const code = readFileSync(path.join(repoRoot, 'dist', name), 'utf8');
      assert.doesNotMatch(code, /[\w$]\(require\("vscode"\)/, `${name} wraps require("vscode") in a copy`);
    }
  });
});

describe("bundles: zod's locales", () => {
  const zodFiles = (sources: string[]) => new Set(sources.flatMap((source) => /^node_modules\/zod\/v4\/(.+)$/.exec(source)?.[1] ?? []));

  const code: Record<string, () => string[]> = { extension: extensionSources, 'dbWorker.js': () => sourcesOf('dbWorker.js'), 'trcaa-db.js': () => sourcesOf('trcaa-db.js') };
  for (const [name, read] of Object.entries(code)) {
    it(`${name} carries English messages only (not zod's 48 locales)`, () => {
      const files = zodFiles(read());
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

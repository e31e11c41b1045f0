// Builds every bundle with esbuild.
//   node scripts/build.mjs               extension, worker, webview, CLIs and tests (development: source maps)
//   node scripts/build.mjs --production  the shipped bundles only, minified
//   node scripts/build.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** zod's locale index (`z.locales`: every language) resolves to English alone (src/shims/zodLocales.ts). */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: path.join(root, 'src/shims/zodLocales.ts') } : undefined);
  },
};

/** Node bundles are CommonJS; the SQLite WASM build is ESM and reads import.meta.url, so it is shimmed. */
const nodeOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  external: ['vscode'],
  inject: [path.join(root, 'src/shims/importMetaUrl.ts')],
  define: { 'import.meta.url': 'import_meta_url' },
  // fontkit's WOFF2 decoder is never used (the PDF export reads .ttf/.otf/.ttc): a stub saying so instead.
  alias: { 'brotli/decompress.js': './src/shims/noBrotli.ts' },
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [zodEnglishOnly],
};

/**
 * The extension, split: dist/extension.js holds what activation evaluates (the first paint) and each feature loaded
 * on first use (a dynamic import(): src/views/workbench/lazyFeature.ts) lands in dist/chunks/ with the modules it
 * alone needs, so activation neither parses nor runs them. esbuild splits ESM only, and VS Code loads CommonJS:
 * the split ESM output (dist/.esm) is converted to CommonJS file by file once each build ends.
 */
const esmDir = path.join(root, 'dist', '.esm');
/**
 * In CommonJS, `import * as vscode from 'vscode'` becomes `__toESM(require('vscode'))`: a copy of every property of
 * the API object, once per module that imports it (32 copies at activation, milliseconds in the extension host).
 * The API object is already a namespace, so it is required as it is.
 */
const vscodeNamespaceImport = /import\s*\*\s*as\s*([\w$]+)\s*from\s*["']vscode["']\s*;?/g;
async function requireVscodeAsIs(file) {
  const source = await readFile(file, 'utf8');
  const rewritten = source.replace(vscodeNamespaceImport, (_, name) => `const ${name}=require("vscode");`);
  if (rewritten !== source) await writeFile(file, rewritten);
}
const esmToCommonJs = {
  name: 'esm-to-commonjs',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length) return;
      const files = (await readdir(esmDir, { recursive: true })).filter((file) => file.endsWith('.js'));
      await Promise.all(files.map((file) => requireVscodeAsIs(path.join(esmDir, file))));
      await rm(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });
      await esbuild.build({
        entryPoints: files.map((file) => path.join(esmDir, file)),
        outbase: esmDir,
        outdir: path.join(root, 'dist'),
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        minify: production,
        sourcemap: production ? false : 'linked',
        logLevel: 'warning',
      });
      await rm(esmDir, { recursive: true, force: true });
    });
  },
};
const extension = {
  ...nodeOptions,
  format: 'esm',
  splitting: true,
  entryPoints: { extension: 'src/extension.ts' },
  outdir: esmDir,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [...nodeOptions.plugins, esmToCommonJs],
};

/** What ships: the extension, the database worker, the PDF renderer and the webview front end. */
const shipped = [
  extension,
  {
    ...nodeOptions,
    // logMiner: the thread that mines a large log's patterns while dbWorker scans it.
    // pdfRenderer: the PDF stack, required on the first PDF export (not at activation).
    entryPoints: { dbWorker: 'src/storage/engine/dbWorker.ts', logMiner: 'src/storage/patterns/minerWorker.ts', pdfRenderer: 'src/core/export/pdf.ts' },
    outdir: 'dist',
  },
  {
    // Command-line tools (package.json "bin"): `node dist/trcaa-db.js …`, `node dist/trcaa-pii.js …`, `trcaa-log`.
    ...nodeOptions,
    entryPoints: { 'trcaa-db': 'src/cli/trcaaDb.ts', 'trcaa-pii': 'src/cli/trcaaPii.ts', 'trcaa-log': 'src/cli/trcaaLog.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    entryPoints: { 'webview/main': 'media/main.ts' },
    outdir: 'dist',
    // CSS imported by the front end lands in dist/webview/main.css; the codicon font it points at next to it.
    loader: { '.ttf': 'file' },
    assetNames: 'webview/[name]',
    logLevel: 'warning',
    absWorkingDir: root,
  },
];

async function testEntries(dir) {
  const out = [];
  // A folder may not exist yet in a clone: git does not keep empty folders (bench/ starts empty).
  if (!existsSync(path.join(root, dir))) return out;
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      out.push(path.relative(root, path.join(entry.parentPath, entry.name)));
    }
  }
  return out;
}

/** Tests and the test host: one bundle per file under out/, mirroring the source tree. */
async function testBuilds() {
  const entryPoints = [
    ...(await testEntries('test')),
    ...(await testEntries('scripts')),
    ...(await testEntries('bench')),
  ];
  return [{
    ...nodeOptions,
    sourcemap: 'linked',
    minify: false,
    entryPoints,
    outbase: '.',
    outdir: 'out',
    // mocha and playwright stay real node_modules: they locate their own files at run time.
    external: ['vscode', 'mocha', 'playwright-core', 'esbuild', 'eslint', 'typescript-eslint', '@eslint/js'],
  }];
}

async function copyWasm() {
  await mkdir(path.join(root, 'dist'), { recursive: true });
  await copyFile(require.resolve('@sqlite.org/sqlite-wasm/sqlite3.wasm'), path.join(root, 'dist/sqlite3.wasm'));
}

/** The PDF export's Latin/Greek/Cyrillic font: pdfmake's Roboto, read from dist/fonts at run time (src/core/export). */
const robotoFaces = ['Roboto-Regular.ttf', 'Roboto-Medium.ttf', 'Roboto-Italic.ttf', 'Roboto-MediumItalic.ttf'];

async function copyFonts() {
  const from = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts/Roboto');
  await mkdir(path.join(root, 'dist/fonts'), { recursive: true });
  for (const face of robotoFaces) await copyFile(path.join(from, face), path.join(root, 'dist/fonts', face));
}

async function main() {
  await rm(path.join(root, 'dist'), { recursive: true, force: true });
  if (!production) await rm(path.join(root, 'out'), { recursive: true, force: true });
  await copyWasm();
  await copyFonts();
  const builds = production ? shipped : [...shipped, ...(await testBuilds())];
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    console.log('[build] watching for changes…');
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`[build] ${production ? 'production' : 'development'} build done`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

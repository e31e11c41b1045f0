// Checks a packaged .vsix: lists what it holds, and fails (exit 1) when anything outside the allow-list is in it,
// a file the extension needs at run time is missing, or it is over the size budget.
//   node scripts/check-vsix.mjs trcaa.vsix
// A .vsix is a zip: its central directory (at the end of the file) lists every entry, so no unzip tool is needed.
import { readFileSync, statSync } from 'node:fs';

const MAX_BYTES = 4 * 1024 * 1024;

/** Everything the package may hold (paths inside the zip; VSIX metadata plus the `extension/` folder). */
const allowed = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/i, // vsce lower-cases the changelog's name
  /^extension\/LICENSE(\.txt)?$/,
  /^extension\/dist\/(extension|dbWorker|logMiner|pdfRenderer|webview\/main)\.js$/,
  /^extension\/dist\/chunks\/[\w-]+\.js$/, // the features loaded on first use (scripts/build.mjs)
  /^extension\/dist\/webview\/(main\.css|codicon\.ttf)$/, // the webview's styles and its icon font
  /^extension\/dist\/sqlite3\.wasm$/,
  /^extension\/dist\/fonts\/Roboto-(Regular|Medium|Italic|MediumItalic)\.ttf$/, // the PDF export's font
  /^extension\/media\/.+\.(md|css|svg|png)$/,
];

/** What the extension cannot run without. */
const required = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/dbWorker.js', 'extension/dist/logMiner.js', 'extension/dist/pdfRenderer.js', 'extension/dist/sqlite3.wasm', 'extension/dist/fonts/Roboto-Regular.ttf'];

/** Entries of a zip file: name and uncompressed size, read from its central directory. */
function zipEntries(zip) {
  // The end-of-central-directory record: signature 0x06054b50, searched backwards (it may carry a comment).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end-of-central-directory record)');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`corrupt central directory at entry ${n}`);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({ name, size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/check-vsix.mjs <file.vsix>');
    process.exit(1);
  }
  const bytes = statSync(file).size;
  const entries = zipEntries(readFileSync(file));
  const names = new Set(entries.map((entry) => entry.name));
  for (const entry of entries) console.log(`${String(entry.size).padStart(10)}  ${entry.name}`);

  const problems = [];
  for (const entry of entries) {
    if (!entry.name.endsWith('/') && !allowed.some((pattern) => pattern.test(entry.name))) problems.push(`not allowed in the package: ${entry.name}`);
  }
  for (const name of required) if (!names.has(name)) problems.push(`missing: ${name}`);
  if (bytes > MAX_BYTES) problems.push(`too large: ${bytes} bytes > ${MAX_BYTES} bytes (4 MB)`);

  console.log(`${file}: ${entries.length} files, ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes; limit 4 MB)`);
  for (const problem of problems) console.error(`check-vsix: ${problem}`);
  if (problems.length) process.exit(1);
  console.log('check-vsix: OK');
}

try {
  main();
} catch (error) {
  console.error(`check-vsix: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

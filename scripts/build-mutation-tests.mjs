// Stryker's build step (stryker.config.mjs buildCommand), run inside its sandbox: bundles only the unit tests that
// reach a mutated module, as scripts/build.mjs bundles every test (one bundle per file, same paths under out/).
// The mutated modules are the ones Stryker instrumented: their source defines its mutant switch, stryNS_9fa48.
// Outside a sandbox, `node scripts/build-mutation-tests.mjs src/core/whys` lists what it would bundle for that folder.
// Tests that need the shipped bundles (dist/: the database worker, the CLIs) are left out: a mutant is switched on in
// the test process only, so they could not kill it and would only slow every run down.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'out');

async function filesUnder(dir, accept) {
  if (!existsSync(path.join(root, dir))) return [];
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** The instrumented modules; outside a sandbox (to see what would be bundled), the source folders named as arguments. */
async function mutatedModules() {
  const sources = await filesUnder('src', (name) => name.endsWith('.ts'));
  const named = process.argv.slice(2);
  if (named.length) return new Set(sources.filter((file) => named.some((prefix) => file.startsWith(prefix))));
  const mutated = [];
  for (const file of sources) {
    if ((await readFile(path.join(root, file), 'utf8')).includes('function stryNS_9fa48()')) mutated.push(file);
  }
  return new Set(mutated);
}

/**
 * A test that runs the database engine (SQLite WASM) is slow, and is run again for every mutant it covers. The
 * modules under test are pure and have tests of their own, so database tests are left out unless
 * TRCAA_MUTATION_DATABASE_TESTS=1 (a thorough run: much longer).
 */
const runsDatabase = (inputs) => inputs.some((input) => input.includes('@sqlite.org/sqlite-wasm'));
const databaseTestsToo = process.env.TRCAA_MUTATION_DATABASE_TESTS === '1';

/** Speed checks (growth of scan time): instrumented code is many times slower, and they test time, not values. */
const timingTests = /linearTime\.test\.ts$/;

/**
 * Tests of the streaming pieces (windows, chunkings, memory bounds, byte encodings) are the costliest per mutant, and
 * reach the detector and its rules only through them: they are bundled when a streaming module is mutated. A run of
 * the detector or a rule alone is then judged by the tests that state what it finds (its score can only be lower).
 */
const streamingTests = /(?:streamScanner[\w.]*|streamingRedactor|memoryBounds|redact\.property|encodings\.property)\.test\.ts$/;
const streamingModules = ['src/core/pii/streamScanner.ts', 'src/core/pii/redact.ts'];

/** Tests driving the shipped bundles (dist/), not the modules in this process. */
const needsDist = /['"`/]dist\/|['"]dist['"]|workerStore|dbWorker/;

async function main() {
  const mutated = await mutatedModules();
  const tests = [];
  for (const file of await filesUnder('test/unit', (name) => name.endsWith('.test.ts'))) {
    if (!timingTests.test(file) && !needsDist.test(await readFile(path.join(root, file), 'utf8'))) tests.push(file);
  }
  const result = await esbuild.build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    entryPoints: tests,
    outbase: '.',
    outdir,
    write: false,
    metafile: true,
    inject: [path.join(root, 'src/shims/importMetaUrl.ts')],
    // TRCAA_MUTATION_RUN: the property tests run fewer cases (test/unit/core/pii/propertyRuns.ts); only these bundles.
    define: { 'import.meta.url': 'import_meta_url', 'process.env.TRCAA_MUTATION_RUN': '"1"' },
    alias: { 'brotli/decompress.js': './src/shims/noBrotli.ts' },
    external: ['vscode', 'mocha', 'playwright-core', 'esbuild', 'eslint', 'typescript-eslint', '@eslint/js'],
    logLevel: 'warning',
    absWorkingDir: root,
  });
  await rm(outdir, { recursive: true, force: true });
  const chosen = [];
  for (const output of result.outputFiles) {
    const meta = result.metafile.outputs[path.relative(root, output.path).split(path.sep).join('/')];
    const inputs = meta ? Object.keys(meta.inputs) : [];
    if (!inputs.some((input) => mutated.has(input)) || (!databaseTestsToo && runsDatabase(inputs))) continue;
    if (streamingTests.test(meta.entryPoint) && !streamingModules.some((module) => mutated.has(module))) continue;
    await mkdir(path.dirname(output.path), { recursive: true });
    await writeFile(output.path, output.contents);
    chosen.push(meta.entryPoint);
  }
  console.log(`[build-mutation-tests] ${mutated.size} mutated modules, ${chosen.length} of ${tests.length} test files bundled`);
  if (process.argv.length > 2) for (const test of chosen) console.log(`  ${test}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// What activation evaluates: the modules src/extension.ts reaches through static imports. Everything else is in the
// same bundle but behind a dynamic import() (lazyFeature.ts), which esbuild evaluates only when it runs. Reads the
// import graph from esbuild's metafile, so a static import that drags a feature, zod or markdown-it back into the
// first paint fails here, with the chain of imports that did it.
import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { repoRoot } from '../../host/paths';

const ENTRY = 'src/extension.ts';

/** Each module evaluated at activation, with the module that first imported it. */
async function eagerGraph(): Promise<Map<string, string | null>> {
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    outdir: 'unused',
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const importedBy = new Map<string, string | null>([[ENTRY, null]]);
  const queue = [ENTRY];
  for (let file = queue.shift(); file; file = queue.shift()) {
    for (const imported of inputs[file]?.imports ?? []) {
      if (imported.kind === 'dynamic-import' || imported.external || importedBy.has(imported.path)) continue;
      importedBy.set(imported.path, file);
      queue.push(imported.path);
    }
  }
  return importedBy;
}

const chain = (graph: Map<string, string | null>, file: string) => {
  const out: string[] = [];
  for (let at: string | null | undefined = file; at; at = graph.get(at)) out.unshift(at);
  return out.join(' → ');
};

describe('first paint: what activation evaluates', function () {
  this.timeout(60_000);
  let graph: Map<string, string | null>;
  before(async () => {
    graph = await eagerGraph();
  });

  it('draws the views: the Issues and All Attachments trees, the session and the engine client are in', () => {
    for (const file of ['src/views/issues/issuesTree.ts', 'src/views/attachments/attachmentsView.ts', 'src/views/workbench/databaseSession.ts', 'src/storage/engine/engineClient.ts']) {
      assert.ok(graph.has(file), `${file} is part of the first paint`);
    }
  });

  for (const [what, pattern] of [
    ['zod', /^node_modules\/zod\//],
    ['markdown-it', /^node_modules\/markdown-it\//],
    ['the PII detector (re2js)', /^node_modules\/re2js\//],
    ['the repositories (they run in the worker)', /^src\/storage\/repositories\//],
    ['the webview panels', /^src\/webview\//],
    ['a feature loader (load*.ts)', /^src\/views\/[^/]+\/load[A-Z]\w*\.ts$/],
    ['the incident and attach commands', /^src\/views\/(issues\/(issueCommands|searchIssues)|attachments\/(attachLog|attachImage))\.ts$/],
  ] as const) {
    it(`leaves out ${what}`, () => {
      const eager = [...graph.keys()].filter((file) => pattern.test(file));
      assert.deepEqual(eager.map((file) => chain(graph, file)).slice(0, 3), [], `${what} must load on first use`);
    });
  }
});

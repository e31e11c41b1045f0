import * as assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import { repoRoot } from '../../host/paths';

// The architecture rule is enforced by lint: prove the rule fires where it must, and only there.
describe('lint: src/core and src/storage never import vscode', () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const messagesFor = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0]?.messages.map((message) => message.ruleId) ?? [];

  for (const file of ['src/core/x.ts', 'src/storage/engine/x.ts']) {
    it(`rejects an import of vscode in ${file}`, async () => {
      assert.ok((await messagesFor("import * as vscode from 'vscode';\nexport const v = vscode.version;\n", file)).includes('no-restricted-imports'));
      assert.ok((await messagesFor("export const v = require('vscode');\n", file)).includes('no-restricted-syntax'));
    });
  }

  it('allows it in the VS Code layer', async () => {
    const rules = await messagesFor("import * as vscode from 'vscode';\nexport const v = vscode.version;\n", 'src/views/x.ts');
    assert.ok(!rules.includes('no-restricted-imports'));
  });
});

describe('lint: features meet only through their index; media/ is browser code', () => {
  const eslint = new ESLint({ cwd: repoRoot });
  const restricted = async (code: string, filePath: string) =>
    ((await eslint.lintText(code, { filePath }))[0]?.messages ?? []).some((message) => message.ruleId === 'no-restricted-imports');

  it("rejects a feature reaching into another feature's file, in its own layer and across layers", async () => {
    assert.ok(await restricted("import { logLeaf } from '../attachments/logLeaf';\nexport const x = logLeaf;\n", 'src/views/issues/x.ts'));
    assert.ok(await restricted("import { WhysPanels } from '../../webview/whys/whysPanel';\nexport const x = WhysPanels;\n", 'src/views/whys/x.ts'));
    assert.ok(await restricted("import { pickIssues } from '../../views/issues/issueTargets';\nexport const x = pickIssues;\n", 'src/webview/whys/x.ts'));
  });

  it('allows the index, the workbench, the webview host, core and storage', async () => {
    for (const spec of ['../attachments', '../workbench/services', '../../webview/whys', '../../webview/host/webviewPage', '../../core/model/issue', '../../storage/store', './issuesTree']) {
      assert.equal(await restricted(`import { a } from '${spec}';\nexport const x = a;\n`, 'src/views/issues/x.ts'), false, spec);
    }
  });

  it('rejects Node modules and storage code in media/, and allows the typed protocol and pure core', async () => {
    assert.ok(await restricted("import { readFile } from 'node:fs';\nexport const x = readFile;\n", 'media/whys/x.ts'));
    assert.ok(await restricted("import { Store } from '../../src/storage/store';\nexport const x = Store;\n", 'media/whys/x.ts'));
    assert.equal(await restricted("import { splitEvidence } from '../../src/core/whys/logRefs';\nexport const x = splitEvidence;\n", 'media/whys/x.ts'), false);
  });
});

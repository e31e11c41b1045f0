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

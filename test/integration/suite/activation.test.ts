import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Diagnostics } from '../../../src/core/diagnostics';
import type { TestApi } from '../../../src/extension';
import { logUri } from '../../../src/views/attachments/logFileSystem';
import { documentUri } from '../../../src/views/documents/documentUri';
import { until } from './until';

const extensionId = 'trcaa.trcaa';

describe('TRCAA in a real VS Code', () => {
  it(`runs inside VS Code ${vscode.version} (the pinned 1.100)`, () => {
    assert.match(vscode.version, /^1\.100\./);
  });

  it('activates when its command runs, and Show Diagnostics reports an FTS5-capable SQLite', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is loaded`);
    const diagnostics = await vscode.commands.executeCommand<Diagnostics>('trcaa.showDiagnostics');
    assert.equal(extension.isActive, true);
    assert.equal(diagnostics.extensionVersion, extension.packageJSON.version);
    assert.equal(diagnostics.vscodeVersion, vscode.version);
    assert.equal(diagnostics.fts5, true);
    assert.match(diagnostics.sqliteVersion, /^3\.(\d+)\.\d+$/);
    assert.ok(Number(diagnostics.sqliteVersion.split('.')[1]) >= 54, `SQLite ${diagnostics.sqliteVersion} is the pinned WASM build`);
    assert.equal(diagnostics.extensionMode, 'Test');
    assert.ok(diagnostics.databaseFile.endsWith('tftsr.db'));
    assert.ok(diagnostics.databaseFile.startsWith(diagnostics.storageFolder));
  });

  it('contributes its commands under the TRCAA category', async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['trcaa.showDiagnostics', 'trcaa.refresh']) assert.ok(commands.includes(id), `${id} is registered`);
    const contributed = vscode.extensions.getExtension(extensionId)?.packageJSON.contributes.commands as { command: string; category: string }[];
    assert.ok(contributed.every((command) => command.category === 'TRCAA'));
    // A command in the menus that nothing registered would fail only when someone clicks it.
    const missing = contributed.map((c) => c.command).filter((id) => !commands.includes(id));
    assert.deepEqual(missing, [], 'every contributed command is registered');
  });

  it('reports the compile options only when the setting asks for them', async () => {
    const config = vscode.workspace.getConfiguration('trcaa');
    await config.update('diagnostics.includeCompileOptions', true, vscode.ConfigurationTarget.Global);
    try {
      const diagnostics = await vscode.commands.executeCommand<Diagnostics>('trcaa.showDiagnostics');
      assert.ok(diagnostics.compileOptions?.some((option) => option.includes('FTS5')), 'compile options list FTS5');
    } finally {
      await config.update('diagnostics.includeCompileOptions', undefined, vscode.ConfigurationTarget.Global);
    }
    const without = await vscode.commands.executeCommand<Diagnostics>('trcaa.showDiagnostics');
    assert.equal(without.compileOptions, undefined);
  });
});

describe('Features load on first use', () => {
  // This file runs first: nothing before it opened a log, a document or a 5 Whys panel.
  it('activation draws the views but loads no feature; opening a stored log loads the PII review, which draws its spans', async function () {
    this.timeout(60_000);
    const api = (await vscode.extensions.getExtension<TestApi>(extensionId)?.activate()) as TestApi;
    assert.deepEqual(api.loadedFeatures(), [], 'no feature past the first paint is loaded');
    const store = await api.store();
    const issue = await store.issues.create({ title: 'Lazy loading', severity: 'low' });
    const { logFile } = await store.logFiles.insertContent(issue.id, new TextEncoder().encode('login by ada@example.com\n'), { fileName: 'lazy.log' });
    const uri = logUri(logFile.id, issue.title, logFile.fileName);
    await vscode.window.showTextDocument(uri);
    await until('the PII review to load with the opened log', () => (api.loadedFeatures().includes('pii') ? true : undefined));
    const pii = await api.pii();
    const drawn = await until('its span drawn', () => pii.decorations.applied.get(uri.toString()));
    assert.equal(drawn.length, 1, 'the e-mail is decorated');
    assert.ok(!api.loadedFeatures().includes('documents') && !api.loadedFeatures().includes('whys'), 'only what was used loaded');

    // A stored document read through its URI (as a tab restored after a reload is): the file system loads documents.
    const doc = await store.documents.create(issue.id, { docType: 'rca', title: 'RCA', contentMd: '# Lazy RCA\n' });
    const text = (await vscode.workspace.openTextDocument(documentUri(issue.id, doc.id, doc.title))).getText();
    assert.equal(text, '# Lazy RCA\n');
    assert.ok(api.loadedFeatures().includes('documents'), 'reading a trcaa-doc: file loaded documents');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await store.issues.delete(issue.id);
  });
});

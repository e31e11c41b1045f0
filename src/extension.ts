// activate() only wires things together: no database, no WASM, no file I/O here.
import path from 'node:path';
import * as vscode from 'vscode';
import { showDiagnostics } from './commands/showDiagnostics';
import type { Services } from './services';
import { EngineClient } from './storage/engine/engineClient';
import { IssuesTreeProvider } from './views/issuesTree';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('TRCAA', { log: true });
  // The worker starts on the first engine call, not here.
  const engineClient = new EngineClient(path.join(context.extensionPath, 'dist', 'dbWorker.js'));
  const services: Services = { context, log, engine: engineClient.api };

  const issues = new IssuesTreeProvider();
  context.subscriptions.push(
    log,
    { dispose: () => void engineClient.dispose() },
    issues,
    vscode.window.createTreeView('trcaa.issues', { treeDataProvider: issues, showCollapseAll: true }),
    vscode.commands.registerCommand('trcaa.showDiagnostics', () => showDiagnostics(services)),
    vscode.commands.registerCommand('trcaa.refresh', () => issues.refresh()),
  );
  log.info(`[activate] TRCAA ${String(context.extension.packageJSON.version)} activated (${vscode.ExtensionMode[context.extensionMode]} mode)`);
}

export function deactivate(): void {
  // Disposables registered on the context (the worker among them) are released by VS Code.
}

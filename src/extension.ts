// activate() only wires things together: no database, no WASM, no file I/O here.
import path from 'node:path';
import * as vscode from 'vscode';
import { registerDatabaseCommands } from './commands/database/databaseCommands';
import { DatabaseSession } from './commands/database/databaseSession';
import { showDiagnostics } from './commands/showDiagnostics';
import type { Services } from './services';
import { EngineClient } from './storage/engine/engineClient';
import { IssuesTreeProvider } from './views/issuesTree';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('TRCAA', { log: true });
  // The worker starts on the first engine call, not here.
  const engineClient = new EngineClient(path.join(context.extensionPath, 'dist', 'dbWorker.js'));
  stopEngine = () => engineClient.dispose();
  // The database opens on first use, not here.
  const services: Services = {
    context,
    log,
    engine: engineClient.api,
    engineWithProgress: (onProgress) => engineClient.withProgress(onProgress),
    store: async () => {
      await session.ready();
      return engineClient.store;
    },
  };
  const session = new DatabaseSession(services);

  const issues = new IssuesTreeProvider();
  context.subscriptions.push(
    log,
    { dispose: () => void engineClient.dispose() },
    issues,
    vscode.window.createTreeView('trcaa.issues', { treeDataProvider: issues, showCollapseAll: true }),
    vscode.commands.registerCommand('trcaa.showDiagnostics', () => showDiagnostics(services)),
    vscode.commands.registerCommand('trcaa.refresh', () => issues.refresh()),
    ...registerDatabaseCommands(services, session),
  );
  log.info(`[activate] TRCAA ${String(context.extension.packageJSON.version)} activated (${vscode.ExtensionMode[context.extensionMode]} mode)`);
}

let stopEngine: (() => Promise<void>) | undefined;

/** Closes the database cleanly (its lock records and journal) before the worker stops. */
export function deactivate(): Promise<void> | undefined {
  return stopEngine?.();
}

import * as vscode from 'vscode';
import type { Diagnostics } from '../../core/diagnostics';
import { formatDiagnostics } from '../../core/diagnostics';
import { databaseFile } from '../../core/paths';
import type { Services } from '../workbench/services';

/** `TRCAA: Show Diagnostics`: loads the SQLite engine in its worker and reports what the installation is made of. */
export async function showDiagnostics(services: Services): Promise<Diagnostics> {
  const { context, engine, log } = services;
  const info = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'TRCAA: loading the database engine…' },
    () => engine.info(),
  );
  const includeCompileOptions = vscode.workspace
    .getConfiguration('trcaa')
    .get<boolean>('diagnostics.includeCompileOptions', false);
  const storageFolder = context.globalStorageUri.fsPath;
  const diagnostics: Diagnostics = {
    extensionVersion: String(context.extension.packageJSON.version),
    vscodeVersion: vscode.version,
    extensionMode: vscode.ExtensionMode[context.extensionMode],
    sqliteVersion: info.sqliteVersion,
    sqliteSourceId: info.sqliteSourceId,
    fts5: info.fts5,
    storageFolder,
    databaseFile: databaseFile(storageFolder),
    ...(includeCompileOptions ? { compileOptions: info.compileOptions } : {}),
  };
  for (const line of formatDiagnostics(diagnostics)) log.info(`[diagnostics] ${line}`);
  log.show(true);
  return diagnostics;
}

import * as vscode from 'vscode';
import type { Diagnostics } from '../../core/diagnostics';
import { formatDiagnostics } from '../../core/diagnostics';
import type { Services } from '../workbench/services';
import type { DatabaseSession } from '../workbench/databaseSession';
import { completeWalkthroughStep } from '../workbench/walkthrough';

/** Encrypted or plain: the open database's status, else the file's first bytes (the database is not opened here). */
async function databaseState(services: Services, file: string): Promise<Diagnostics['database']> {
  const status = await services.engine.status();
  if (status?.file === file) return { encrypted: status.encrypted, opened: true, ...(status.cipherPageSize ? { pageSize: status.cipherPageSize } : {}) };
  const { kind } = await services.engine.inspect(file);
  return kind === 'missing' || kind === 'empty' ? { missing: true } : { encrypted: kind === 'encrypted', opened: false };
}

/** `TRCAA: Show Diagnostics`: loads the SQLite engine in its worker and reports what the installation is made of. */
export async function showDiagnostics(services: Services, session: DatabaseSession): Promise<Diagnostics> {
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
    databaseFile: session.file,
    database: await databaseState(services, session.file),
    ...(includeCompileOptions ? { compileOptions: info.compileOptions } : {}),
  };
  for (const line of formatDiagnostics(diagnostics)) log.info(`[diagnostics] ${line}`);
  log.show(true);
  void completeWalkthroughStep('diagnosticsShown');
  return diagnostics;
}

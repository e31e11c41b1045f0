import path from 'node:path';
import * as vscode from 'vscode';
import { DATABASE_FILE_NAME } from '../../core/paths';

/** The database file: the `trcaa.database.path` setting, or tftsr.db in the extension's global storage. */
export function databaseLocation(context: vscode.ExtensionContext): string {
  const configured = vscode.workspace.getConfiguration('trcaa').get<string>('database.path', '').trim();
  return configured ? path.resolve(configured) : path.join(context.globalStorageUri.fsPath, DATABASE_FILE_NAME);
}

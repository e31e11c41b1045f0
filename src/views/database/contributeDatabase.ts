// The database commands, registered at activation; their code (key handling, integrity, desktop import) loads
// with the first one run. The database session itself is app-wide (workbench/databaseSession.ts).
import type * as vscode from 'vscode';
import type { DatabaseSession } from '../workbench/databaseSession';
import { LazyFeature, type LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { DATABASE_COMMANDS, type DatabaseCommand } from './commandIds';

export function contributeDatabase(services: Services, session: DatabaseSession): vscode.Disposable[] {
  const feature = new LazyFeature<DatabaseCommand, LoadedFeature<DatabaseCommand>>('database', services, async () => (await import('./databaseCommands')).loadDatabase(services, session));
  return [feature, ...feature.registerCommands(DATABASE_COMMANDS)];
}

// The database commands: recovery key, re-key, unlock, choose or move aside a file, integrity, desktop import, diagnostics.
export { registerDatabaseCommands } from './databaseCommands';
export { showDiagnostics } from './showDiagnostics';

// What `TRCAA: Show Diagnostics` reports: enough for a bug report, nothing secret.

export interface Diagnostics {
  extensionVersion: string;
  vscodeVersion: string;
  /** VS Code's extension mode: Production, Development or Test. */
  extensionMode: string;
  sqliteVersion: string;
  sqliteSourceId: string;
  fts5: boolean;
  /** Where TRCAA keeps its data: the folder and the database file inside it. */
  storageFolder: string;
  databaseFile: string;
  /** Present only when the `trcaa.diagnostics.includeCompileOptions` setting is on. */
  compileOptions?: string[];
}

export function formatDiagnostics(d: Diagnostics): string[] {
  const lines = [
    `TRCAA ${d.extensionVersion} on VS Code ${d.vscodeVersion} (${d.extensionMode} mode)`,
    `SQLite ${d.sqliteVersion} (WASM), FTS5 ${d.fts5 ? 'available' : 'NOT available'}`,
    `SQLite source id: ${d.sqliteSourceId}`,
    `Storage folder: ${d.storageFolder}`,
    `Database file: ${d.databaseFile}`,
  ];
  if (d.compileOptions) lines.push(`SQLite compile options: ${d.compileOptions.join(', ')}`);
  return lines;
}

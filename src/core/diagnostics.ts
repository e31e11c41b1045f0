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
  /**
   * Whether the database is encrypted: as opened (with its page size), or as its file's first bytes say when it is
   * not open yet; 'missing' before the first incident creates it.
   */
  database: { encrypted: boolean; opened: boolean; pageSize?: number } | { missing: true };
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
    `Database: ${describeDatabase(d.database)}`,
  ];
  if (d.compileOptions) lines.push(`SQLite compile options: ${d.compileOptions.join(', ')}`);
  return lines;
}

/** SQLCipher 4's settings, which every encrypted TRCAA database uses (the desktop app's too). */
const CIPHER = 'SQLCipher 4: AES-256-CBC, HMAC-SHA512 on every page';

function describeDatabase(db: Diagnostics['database']): string {
  if ('missing' in db) return 'not created yet (the first use creates it)';
  const when = db.opened ? '' : ', not opened yet';
  if (!db.encrypted) return `plain SQLite, NOT encrypted (Development mode without TRCAA_DB_KEY)${when}`;
  return `encrypted (${CIPHER}${db.pageSize ? `, ${db.pageSize}-byte pages` : ''})${when}`;
}

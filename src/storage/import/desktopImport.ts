// Import of a desktop TRCAA database (the Tauri app's tftsr.db) into ours.
//
// The source is never opened by SQLite: it is copied byte for byte into a private temporary folder (still
// encrypted under its own passphrase), so no journal, lock file or rollback can ever touch it. The copy is
// migrated forward to our table layout (older desktop versions lack later tables and columns), attached to our
// database, and merged in one transaction: INSERT OR IGNORE by primary key, so nothing is duplicated and
// importing twice adds nothing. What needs more than copying:
//   - audit rows go through AuditLog.append with their original id and timestamp, so our hash chain stays valid;
//   - credentials and MCP auth values are re-encrypted from the desktop key (SHA-256 of TRCAA_ENCRYPTION_KEY)
//     to ours; without that key they stay behind and the report says so;
//   - PII span offsets are UTF-8 byte offsets in the desktop app and UTF-16 indices here: converted against the
//     log's text (decoded by its byte-order mark, as every log here; for a UTF-16 log the byte offsets are read
//     as offsets into that text's UTF-8) and checked against the span's original value;
//   - rows whose parent is missing (the desktop app ran with foreign keys off) are counted, not imported.
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LogTextDecoder } from '../../core/text/logEncoding';
import type { DatabaseKey } from '../cipher/databaseKey';
import { inspectFile } from '../cipher/fileFormat';
import type { Row, SqlValue } from '../database';
import { Database } from '../database';
import { StorageError } from '../errors';
import { migrations } from '../migrations';
import type { Migration } from '../migrations/migrate';
import type { AuditLog } from '../repositories/auditLog';
import { CredentialError, decryptSecret, encryptSecret, tokenHash } from '../repositories/credentials';
import type { Sqlite3 } from '../sqliteWasm';

export interface ImportTarget {
  db: Database;
  audit: AuditLog;
  /** Our credentials key; without it, credentials and MCP auth values cannot be re-encrypted. */
  credentialKey?: Buffer;
}

export interface DesktopImportOptions {
  /** The desktop database file. */
  file: string;
  /** Its passphrase (or raw key); a plain (debug build) file needs none. */
  key: DatabaseKey;
  /** The desktop app's credentials key, SHA-256 of TRCAA_ENCRYPTION_KEY (keys/credentialKey.ts). */
  desktopCredentialKey?: Buffer;
  onProgress?: (progress: { message: string; fraction?: number }) => void;
  /** Where the temporary copy goes (default: the system's temporary folder). */
  tempDir?: string;
}

export interface TableImport {
  table: string;
  /** False when the desktop file did not have the table (an older version). */
  inSource: boolean;
  sourceRows: number;
  inserted: number;
  /** Already present here (same id, or the same service for credentials and configuration), or not valid. */
  skipped: number;
  /** Rows whose parent row exists in neither database. */
  orphaned: number;
  /** Our columns the desktop table lacked (left at their defaults). */
  missingColumns: string[];
}

export interface DesktopImportReport {
  file: string;
  encrypted: boolean;
  cipherPageSize: number | null;
  /** Our migrations whose tables or columns the desktop file lacked, added to the copy before merging. */
  migratedForward: string[];
  tables: TableImport[];
  totals: { inserted: number; skipped: number; orphaned: number };
  /** 'none': the desktop file has no credentials; 'skipped': no key to decrypt or re-encrypt them (see reason). */
  credentials: { status: 'imported' | 'skipped' | 'none'; reason?: string; undecryptable: number };
  mcpAuthValues: { reencrypted: number; dropped: number };
  piiSpans: { verified: number; unverified: number; mismatched: number };
  /** Desktop tables we have no use for (left behind). */
  ignoredTables: string[];
}

/** Parents before children; audit last, so its rows follow everything they describe. */
const TABLES = [
  'issues',
  'log_files',
  'log_content_chunks',
  'pii_spans',
  'ai_conversations',
  'ai_messages',
  'resolution_steps',
  'documents',
  'image_attachments',
  'timeline_events',
  'settings',
  'integration_config',
  'credentials',
  'mcp_servers',
  'mcp_tools',
  'mcp_resources',
  'audit_log',
] as const;

/** Tables of SQLite, of the migrations runner and of the FTS index (which our triggers fill). */
const INTERNAL_TABLE = /^(sqlite_|_migrations$|issues_fts)/;

/** Larger log texts are not decompressed to convert PII offsets: those spans are reported unverified. */
const MAX_LOG_TEXT_BYTES = 256 * 1024 * 1024;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function importDesktopDatabase(sqlite3: Sqlite3, target: ImportTarget, options: DesktopImportOptions): DesktopImportReport {
  const source = path.resolve(options.file);
  const progress = options.onProgress ?? (() => undefined);
  if (source === path.resolve(target.db.file)) throw new StorageError('IO', 'That is the database TRCAA is using: choose the desktop app\'s database file.', { file: source });
  refuseHotJournal(source);

  const temp = mkdtempSync(path.join(options.tempDir ?? os.tmpdir(), 'trcaa-import-'));
  const copyFile = path.join(temp, 'desktop.db');
  let copy: Database | undefined;
  let attached = false;
  try {
    progress({ message: `Copying ${path.basename(source)}`, fraction: 0 });
    copyUnchanged(source, copyFile);
    copy = openCopy(sqlite3, copyFile, source, options.key);
    const layout = readLayout(copy);
    progress({ message: 'Bringing the desktop schema up to date', fraction: 0.05 });
    const migratedForward = migrateForward(copy, migrations, layout);

    target.db.exec("ATTACH DATABASE ? AS desktop", [copyFile]);
    attached = true;
    const report = target.db.transaction(() => {
      const merger = new Merger(target, options, layout, progress);
      const result = merger.mergeAll();
      const summary: DesktopImportReport = {
        file: source,
        encrypted: copy?.encrypted ?? false,
        cipherPageSize: copy?.cipherPageSize ?? null,
        migratedForward,
        ...result,
        ignoredTables: [...layout.keys()].filter((name) => !INTERNAL_TABLE.test(name) && !(TABLES as readonly string[]).includes(name)).sort(),
      };
      target.audit.append({
        action: 'database.imported',
        entityType: 'database',
        entityId: path.basename(source),
        details: {
          file: path.basename(source),
          cipher_page_size: summary.cipherPageSize,
          migrated_forward: migratedForward,
          tables: Object.fromEntries(summary.tables.filter((t) => t.inSource).map((t) => [t.table, { inserted: t.inserted, skipped: t.skipped, orphaned: t.orphaned }])),
          credentials: summary.credentials,
          mcp_auth_values: summary.mcpAuthValues,
          pii_spans: summary.piiSpans,
        },
      });
      return summary;
    });
    progress({ message: 'Import finished', fraction: 1 });
    return report;
  } finally {
    if (attached) target.db.exec('DETACH DATABASE desktop');
    copy?.close();
    rmSync(temp, { recursive: true, force: true });
  }
}

/** A journal or WAL next to the file means the desktop app is running or crashed mid-write: its copy would be torn. */
function refuseHotJournal(file: string): void {
  for (const suffix of ['-journal', '-wal']) {
    let size = 0;
    try {
      size = statSync(file + suffix).size;
    } catch {
      continue;
    }
    if (size > 0) {
      throw new StorageError('BUSY', `${path.basename(file)} has an unfinished transaction (${path.basename(file + suffix)}): quit the desktop TRCAA app (or open and close the file in it once), then import again.`, { file });
    }
  }
}

function copyUnchanged(source: string, copy: string): void {
  let before;
  try {
    before = statSync(source);
  } catch {
    throw new StorageError('IO', `${source} does not exist.`, { file: source });
  }
  if (!before.isFile()) throw new StorageError('IO', `${source} is not a file.`, { file: source });
  copyFileSync(source, copy);
  const after = statSync(source);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new StorageError('BUSY', `${path.basename(source)} changed while it was being copied: quit the desktop TRCAA app, then import again.`, { file: source });
  }
}

/** Opens the private copy; errors name the desktop file, not the temporary copy. */
function openCopy(sqlite3: Sqlite3, copyFile: string, source: string, key: DatabaseKey): Database {
  const state = inspectFile(copyFile);
  if (state.kind === 'empty') throw new StorageError('NOT_A_DATABASE', `${source} is empty.`, { file: source });
  // A debug build's database is plain SQLite: no passphrase needed, whatever was given.
  const useKey: DatabaseKey = state.kind === 'plain' ? { kind: 'plain' } : key;
  if (state.kind === 'encrypted' && useKey.kind === 'plain') {
    throw new StorageError('MISSING_KEY', `${source} is encrypted: enter the desktop database's passphrase (its TRCAA_DB_KEY).`, { file: source });
  }
  try {
    // 16384-byte cipher pages are what the desktop app's code uses; 4096 (the seed) is detected as well.
    return Database.openWith(sqlite3, copyFile, { key: useKey, create: false, cipherPageSize: 16384 });
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    const message = error.code === 'WRONG_KEY'
      ? `The passphrase does not open ${source}: enter the TRCAA_DB_KEY the desktop app used (or check that it is a TRCAA database).`
      : error.message.split(copyFile).join(source);
    throw new StorageError(error.code, message, { ...error.details, file: source });
  }
}

type Layout = Map<string, Set<string>>;

function readLayout(db: Database): Layout {
  const layout: Layout = new Map();
  for (const { name } of db.query<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
    layout.set(name, new Set(db.query<{ name: string }>('SELECT name FROM pragma_table_info(?)', [name]).map((c) => c.name)));
  }
  return layout;
}

/**
 * Adds to the copy the tables and columns of our migrations that it lacks. The desktop app's migration names
 * need not match ours, so what exists decides, not _migrations. Indexes, triggers, views and the FTS table are
 * not needed for reading the copy and are left out.
 */
function migrateForward(db: Database, all: readonly Migration[], layout: Layout): string[] {
  const applied: string[] = [];
  const has = (table: string) => layout.has(table) || !!db.get("SELECT 1 AS x FROM sqlite_schema WHERE type = 'table' AND name = ?", [table]);
  const hasColumn = (table: string, column: string) => db.query<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table]).some((c) => c.name === column);
  db.transaction(() => {
    for (const migration of all) {
      let changed = false;
      for (const statement of db.splitStatements(migration.sql)) {
        const table = /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(\w+)/i.exec(statement);
        const column = /^ALTER\s+TABLE\s+["`]?(\w+)["`]?\s+ADD\s+(?:COLUMN\s+)?["`]?(\w+)/i.exec(statement);
        if (table && !has(table[1] as string)) {
          db.exec(statement);
          changed = true;
        } else if (column && has(column[1] as string) && !hasColumn(column[1] as string, column[2] as string)) {
          db.exec(statement);
          changed = true;
        }
      }
      if (changed) applied.push(migration.name);
    }
  });
  return applied;
}

type Progress = NonNullable<DesktopImportOptions['onProgress']>;

class Merger {
  private readonly tables: TableImport[] = [];
  private readonly credentials: DesktopImportReport['credentials'] = { status: 'none', undecryptable: 0 };
  /** Both keys are there: the desktop's to decrypt, ours to re-encrypt. */
  private readonly canReencrypt: boolean;
  private readonly blockedReason: string | undefined;
  private readonly mcpAuthValues = { reencrypted: 0, dropped: 0 };
  private readonly piiSpans = { verified: 0, unverified: 0, mismatched: 0 };
  private readonly db: Database;

  constructor(
    private readonly target: ImportTarget,
    private readonly options: DesktopImportOptions,
    private readonly layout: Layout,
    private readonly progress: Progress,
  ) {
    this.db = target.db;
    this.blockedReason = this.credentialsBlocked();
    this.canReencrypt = !this.blockedReason;
  }

  mergeAll(): Pick<DesktopImportReport, 'tables' | 'totals' | 'credentials' | 'mcpAuthValues' | 'piiSpans'> {
    TABLES.forEach((table, index) => {
      this.progress({ message: `Importing ${table.replace(/_/g, ' ')}`, fraction: 0.1 + (0.85 * index) / TABLES.length });
      this.tables.push(this.mergeTable(table));
    });
    const sum = (field: 'inserted' | 'skipped' | 'orphaned') => this.tables.reduce((total, t) => total + t[field], 0);
    const credentials = this.tables.find((t) => t.table === 'credentials') as TableImport;
    if (credentials.sourceRows > 0 || this.mcpAuthValues.dropped > 0) {
      this.credentials.status = this.canReencrypt ? 'imported' : 'skipped';
      if (this.blockedReason) this.credentials.reason = this.blockedReason;
      else if (this.credentials.undecryptable > 0) {
        this.credentials.reason = `${this.credentials.undecryptable} credential(s) did not decrypt with TRCAA_ENCRYPTION_KEY (not the value the desktop app used?) and were skipped.`;
      }
    }
    return {
      tables: this.tables,
      totals: { inserted: sum('inserted'), skipped: sum('skipped'), orphaned: sum('orphaned') },
      credentials: this.credentials,
      mcpAuthValues: this.mcpAuthValues,
      piiSpans: this.piiSpans,
    };
  }

  private credentialsBlocked(): string | undefined {
    if (!this.options.desktopCredentialKey) return 'TRCAA_ENCRYPTION_KEY is not set: the desktop credentials cannot be decrypted, so they were skipped. Set it to the desktop app\'s value and import again to bring them along.';
    if (!this.target.credentialKey) return 'This database has no credentials key configured, so the desktop credentials were skipped.';
    return undefined;
  }

  private mergeTable(table: string): TableImport {
    const inSource = this.layout.get(table);
    const columns = this.columns(table);
    const result: TableImport = {
      table,
      inSource: !!inSource,
      sourceRows: Number(this.db.get<{ n: number }>(`SELECT count(*) AS n FROM desktop.${q(table)}`)?.n ?? 0),
      inserted: 0,
      skipped: 0,
      orphaned: 0,
      missingColumns: inSource ? columns.filter((c) => !inSource.has(c)) : [],
    };
    if (result.sourceRows === 0) return result;
    const parents = this.parentFilter(table);
    const eligible = Number(this.db.get<{ n: number }>(`SELECT count(*) AS n FROM desktop.${q(table)} AS s WHERE ${parents}`)?.n ?? 0);
    result.orphaned = result.sourceRows - eligible;
    switch (table) {
      case 'audit_log':
        result.inserted = this.mergeAudit();
        break;
      case 'credentials':
        result.inserted = this.canReencrypt ? this.mergeRows(table, columns, parents, (row) => this.reencryptCredential(row)) : 0;
        break;
      case 'mcp_servers':
        result.inserted = this.mergeRows(table, columns, parents, (row) => this.reencryptAuthValue(row));
        break;
      case 'pii_spans':
        result.inserted = this.mergePiiSpans(columns, parents);
        break;
      default: {
        const list = columns.map(q).join(', ');
        this.db.exec(`INSERT OR IGNORE INTO main.${q(table)} (${list}) SELECT ${columns.map((c) => `s.${q(c)}`).join(', ')} FROM desktop.${q(table)} AS s WHERE ${parents} ORDER BY s.rowid`);
        result.inserted = this.db.changes();
      }
    }
    result.skipped = eligible - result.inserted;
    return result;
  }

  /** Columns both sides have (the copy was migrated forward; the desktop may carry extra ones we ignore). */
  private columns(table: string): string[] {
    const theirs = new Set(this.db.query<{ name: string }>("SELECT name FROM pragma_table_info(?, 'desktop')", [table]).map((c) => c.name));
    return this.db.query<{ name: string }>("SELECT name FROM pragma_table_info(?, 'main')", [table]).map((c) => c.name).filter((c) => theirs.has(c));
  }

  /** A WHERE clause keeping rows whose parents exist here (already, or imported a step earlier). */
  private parentFilter(table: string): string {
    // A large log's content (a database written by TRCAA for VS Code) comes with its log, or not at all.
    if (table === 'log_content_chunks') return 's.log_file_id IN (SELECT id FROM main.log_files)';
    const keys = this.db.query<{ from: string; table: string; to: string | null }>("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?, 'main')", [table]);
    const clauses = keys.map((fk) => `(s.${q(fk.from)} IS NULL OR s.${q(fk.from)} IN (SELECT ${q(fk.to ?? 'id')} FROM main.${q(fk.table)}))`);
    return clauses.length ? clauses.join(' AND ') : '1';
  }

  /** Row by row, for tables whose values change on the way in; `transform` returns undefined to leave a row out. */
  private mergeRows(table: string, columns: string[], parents: string, transform: (row: Row) => Row | undefined): number {
    const insert = `INSERT OR IGNORE INTO main.${q(table)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    let inserted = 0;
    for (const row of this.db.query(`SELECT ${columns.map((c) => `s.${q(c)}`).join(', ')} FROM desktop.${q(table)} AS s WHERE ${parents} ORDER BY s.rowid`)) {
      const value = transform(row);
      if (!value) continue;
      this.db.exec(insert, columns.map((c) => value[c] ?? null));
      inserted += this.db.changes();
    }
    return inserted;
  }

  private reencryptCredential(row: Row): Row | undefined {
    const token = this.fromDesktop(String(row.encrypted_token ?? ''), `The desktop ${String(row.service)} credential`);
    if (token === undefined) {
      this.credentials.undecryptable++;
      return undefined;
    }
    return { ...row, token_hash: tokenHash(token), encrypted_token: encryptSecret(this.target.credentialKey as Buffer, token) };
  }

  /** An auth value comes along re-encrypted, or stays behind (the server is imported without it). */
  private reencryptAuthValue(row: Row): Row {
    if (row.auth_value === null || row.auth_value === undefined) return row;
    const value = this.canReencrypt ? this.fromDesktop(String(row.auth_value), `The auth value of MCP server ${String(row.name)}`) : undefined;
    if (value === undefined) {
      this.mcpAuthValues.dropped++;
      return { ...row, auth_value: null };
    }
    this.mcpAuthValues.reencrypted++;
    return { ...row, auth_value: encryptSecret(this.target.credentialKey as Buffer, value) };
  }

  private fromDesktop(stored: string, what: string): string | undefined {
    try {
      return decryptSecret(this.options.desktopCredentialKey as Buffer, stored, what);
    } catch (error) {
      if (error instanceof CredentialError) return undefined; // counted by the caller; another key, or damaged
      throw error;
    }
  }

  /** Appended through the audit log, keeping id and timestamp: the rows join our hash chain. */
  private mergeAudit(): number {
    let inserted = 0;
    const rows = this.db.query<{ id: string; timestamp: string; action: string; entity_type: string; entity_id: string; user_id: string | null; details: string | null }>(
      'SELECT s.id, s.timestamp, s.action, s.entity_type, s.entity_id, s.user_id, s.details FROM desktop.audit_log AS s WHERE s.id NOT IN (SELECT id FROM main.audit_log) ORDER BY s.rowid',
    );
    for (const row of rows) {
      if (row.action === null || row.entity_type === null || row.entity_id === null || row.id === null) continue;
      this.target.audit.append(
        { action: row.action, entityType: row.entity_type, entityId: row.entity_id, userId: row.user_id ?? 'local', ...(row.details === null ? {} : { details: parseDetails(row.details) }) },
        { id: row.id, timestamp: row.timestamp },
      );
      inserted++;
    }
    return inserted;
  }

  /** UTF-8 byte offsets become UTF-16 indices into the log's text, checked against the span's original value. */
  private mergePiiSpans(columns: string[], parents: string): number {
    const spans = this.db.query(`SELECT ${columns.map((c) => `s.${q(c)}`).join(', ')} FROM desktop.pii_spans AS s WHERE ${parents} ORDER BY s.log_file_id, s.start_offset, s.rowid`);
    const insert = `INSERT OR IGNORE INTO main.pii_spans (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    let log: { id: string; text: string | undefined; offsets: Map<number, number> } | undefined;
    let inserted = 0;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i] as Row;
      const logFileId = String(span.log_file_id);
      if (log?.id !== logFileId) {
        // One log in memory at a time: its spans are consecutive (ordered by log_file_id).
        const bytes = this.logBytes(logFileId);
        const offsets: number[] = [];
        for (let j = i; j < spans.length && String((spans[j] as Row).log_file_id) === logFileId; j++) {
          offsets.push(Number((spans[j] as Row).start_offset), Number((spans[j] as Row).end_offset));
        }
        const converted = bytes ? desktopLogOffsets(bytes, offsets) : undefined;
        log = { id: logFileId, text: converted?.text, offsets: converted?.offsets ?? new Map() };
      }
      const start = Number(span.start_offset);
      const end = Number(span.end_offset);
      let row: Row = span;
      if (log.text === undefined) {
        this.piiSpans.unverified++; // offsets kept as the desktop wrote them
      } else {
        const from = log.offsets.get(start) as number;
        const to = log.offsets.get(end) as number;
        const original = String(span.original_value);
        if (log.text.slice(from, to) === original) {
          row = { ...span, start_offset: from, end_offset: to };
          this.piiSpans.verified++;
        } else if (log.text.slice(start, end) === original) {
          this.piiSpans.verified++; // already UTF-16 indices (a database written by us)
        } else {
          row = { ...span, start_offset: from, end_offset: to };
          this.piiSpans.mismatched++;
        }
      }
      this.db.exec(insert, columns.map((c) => (row[c] ?? null) as SqlValue));
      inserted += this.db.changes();
    }
    return inserted;
  }

  /** The log's bytes as stored by the desktop app (gzip), or undefined when it kept only a file path. */
  private logBytes(logFileId: string): Buffer | undefined {
    const row = this.db.get<{ content: Uint8Array | null }>('SELECT content_compressed AS content FROM desktop.log_files WHERE id = ?', [logFileId]);
    if (!row?.content) return undefined;
    try {
      return gunzipSync(row.content, { maxOutputLength: MAX_LOG_TEXT_BYTES });
    } catch {
      return undefined; // not gzip, damaged, or too large: its spans are reported unverified
    }
  }
}

/**
 * A desktop log's text and its spans' UTF-8 byte offsets as UTF-16 indices into it; undefined when the log's
 * encoding cannot be told (its spans stay unverified). A UTF-16 log's byte offsets can only mean offsets into the
 * UTF-8 of its text: its own bytes are two per code unit.
 */
export function desktopLogOffsets(bytes: Buffer, offsets: readonly number[]): { text: string; offsets: Map<number, number> } | undefined {
  const decoder = new LogTextDecoder();
  let text: string;
  try {
    text = decoder.write(bytes) + decoder.end();
  } catch {
    return undefined;
  }
  return { text, offsets: utf16Offsets(decoder.encoding === 'utf-8' ? bytes : Buffer.from(text, 'utf8'), offsets) };
}

/** Byte offset → UTF-16 index, decoding the text once between consecutive offsets. */
export function utf16Offsets(bytes: Buffer, offsets: readonly number[]): Map<number, number> {
  const map = new Map<number, number>();
  let byte = 0;
  let units = 0;
  for (const offset of [...new Set(offsets)].sort((a, b) => a - b)) {
    const clamped = Math.min(Math.max(offset, 0), bytes.length);
    if (clamped > byte) units += bytes.toString('utf8', byte, clamped).length;
    byte = Math.max(byte, clamped);
    map.set(offset, units);
  }
  return map;
}

/** The desktop stored details as JSON text; AuditLog.append serialises values, so JSON is parsed first. */
function parseDetails(details: string): unknown {
  try {
    return JSON.parse(details);
  } catch {
    return details;
  }
}

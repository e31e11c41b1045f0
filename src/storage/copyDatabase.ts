// Copies a whole database into a new file under another key (or none): SQLCipher's sqlcipher_export, done with
// plain SQL through ATTACH, so page size, reserved bytes and key of the target are the target's own. Used to
// re-key, to encrypt a plain database and to decrypt one for export.
import type { Database } from './database';

export interface CopyProgress {
  table: string;
  done: number;
  total: number;
}

interface SchemaEntry {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Copies everything in `source` (a file open in this thread) into `target` (a new, empty database), in one
 * transaction on the target. The source is read under a shared lock for the whole copy: a consistent snapshot.
 */
export function copyDatabase(source: Database, target: Database, onProgress?: (progress: CopyProgress) => void): void {
  target.exec('PRAGMA foreign_keys = OFF');
  target.exec('ATTACH DATABASE ? AS src', [source.file]);
  try {
    target.transaction(() => {
      const schema = target.query<SchemaEntry>("SELECT type, name, tbl_name, sql FROM src.sqlite_schema ORDER BY rowid");
      const isVirtual = (entry: SchemaEntry) => entry.type === 'table' && /^CREATE\s+VIRTUAL\s+TABLE/i.test(entry.sql ?? '');
      // Virtual tables first: creating them creates their shadow tables, whose rows are then copied like any table.
      for (const entry of schema.filter(isVirtual)) target.exec(entry.sql as string);
      const tables = schema.filter((entry) => entry.type === 'table' && !isVirtual(entry));
      tables.forEach((entry, index) => {
        const exists = target.get("SELECT 1 AS x FROM main.sqlite_schema WHERE type = 'table' AND name = ?", [entry.name]);
        if (exists) target.exec(`DELETE FROM main.${quote(entry.name)}`);
        else if (entry.name.startsWith('sqlite_')) return; // internal tables SQLite creates on its own terms
        else target.exec(entry.sql as string);
        target.exec(`INSERT INTO main.${quote(entry.name)} SELECT * FROM src.${quote(entry.name)}`);
        onProgress?.({ table: entry.name, done: index + 1, total: tables.length });
      });
      // Indexes, views and triggers after the rows: triggers must not fire on the copy.
      for (const entry of schema) {
        if (entry.type !== 'table' && entry.sql && !entry.name.startsWith('sqlite_autoindex_')) target.exec(entry.sql);
      }
      for (const pragma of ['user_version', 'application_id']) {
        const value = Number(Object.values(target.get(`PRAGMA src.${pragma}`) ?? { v: 0 })[0]);
        target.exec(`PRAGMA main.${pragma} = ${Math.trunc(value)}`);
      }
    }, 'deferred'); // src is only read, and its owner may hold its write lock
  } finally {
    target.exec('DETACH DATABASE src');
    target.exec('PRAGMA foreign_keys = ON');
  }
}

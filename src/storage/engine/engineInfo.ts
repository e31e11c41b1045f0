import type { Sqlite3 } from '../sqliteWasm';

/** What the SQLite build underneath can do: reported by `TRCAA: Show Diagnostics`. */
export interface EngineInfo {
  sqliteVersion: string;
  sqliteSourceId: string;
  fts5: boolean;
  compileOptions: string[];
}

export function engineInfo(sqlite3: Sqlite3): EngineInfo {
  const db = new sqlite3.oo1.DB(':memory:', 'c');
  try {
    const compileOptions = db.selectValues('PRAGMA compile_options') as string[];
    return {
      sqliteVersion: sqlite3.version.libVersion,
      sqliteSourceId: sqlite3.version.sourceId,
      fts5: hasFts5(db),
      compileOptions,
    };
  } finally {
    db.close();
  }
}

/** FTS5 is proven by using it, not by trusting a compile option. */
function hasFts5(db: InstanceType<Sqlite3['oo1']['DB']>): boolean {
  try {
    db.exec("CREATE VIRTUAL TABLE temp.probe USING fts5(body); INSERT INTO temp.probe VALUES ('incident root cause');");
    return db.selectValue("SELECT count(*) FROM temp.probe WHERE probe MATCH 'root'") === 1;
  } catch {
    return false;
  }
}

// Versioned migrations, recorded in _migrations(name, applied_at): applied in order, each in its own
// transaction, skipped when already recorded — so reopening a database is a no-op.
import type { Database } from '../database';

export interface Migration {
  /** e.g. "001_issues": the number orders them, the rest says what it does. */
  name: string;
  sql: string;
}

export function appliedMigrations(db: Database): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  return db.query<{ name: string }>('SELECT name FROM _migrations ORDER BY name').map((row) => row.name);
}

/** Applies every migration not yet recorded; returns the names applied now. */
export function migrate(db: Database, migrations: readonly Migration[]): string[] {
  const done = new Set(appliedMigrations(db));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.exec("INSERT INTO _migrations(name, applied_at) VALUES (?, strftime('%Y-%m-%d %H:%M:%S', 'now'))", [migration.name]);
    });
    applied.push(migration.name);
  }
  return applied;
}

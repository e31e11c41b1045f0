// What lies next to a database file. The engine may keep a lock folder `<db>-lock/` (empty once every connection
// has closed); anything else — a journal above all — means a write was left unfinished or a file was created.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, recursively (relative paths). */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(path.join(dir, name)).isFile())
    .sort();
}

/** Entries of the database's folder other than the database itself and an empty lock folder. */
export function leftovers(database: string): string[] {
  const dir = path.dirname(database);
  const name = path.basename(database);
  return readdirSync(dir)
    .filter((entry) => entry !== name)
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (entry === `${name}-lock` && statSync(full).isDirectory()) return listFiles(full).map((file) => path.join(entry, file));
      return [entry];
    })
    .sort();
}

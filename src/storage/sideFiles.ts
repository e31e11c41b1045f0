// Files TRCAA makes beside a database for a short while — the new file of a re-key (`<db>.rewrite-<12 hex>`) and
// of a creation (`<db>.create-<12 hex>`), each with its own `-journal` and `-lock` folder — and how the next
// open recognises the ones a killed process left behind. The names are ours alone: `<database name>.rewrite-` or
// `.create-`, then exactly 12 lower-case hex digits, then nothing or `-journal` or `-lock`.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export type SideFileKind = 'rewrite' | 'create';

/** A fresh temporary name beside `full` (a canonical database path). */
export function sideFileName(full: string, kind: SideFileKind): string {
  return `${full}.${kind}-${randomBytes(6).toString('hex')}`;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Leftovers of `kind` beside `full`: names in its folder, with the time each was last changed. */
export function findSideFiles(full: string, kind: SideFileKind): { name: string; mtimeMs: number }[] {
  // A re-key's new file is itself created through a `.create-` file: a kill in that instant leaves one of those.
  const infix = kind === 'rewrite' ? '(\\.create-[0-9a-f]{12})?' : '';
  const pattern = new RegExp(`^${escape(path.basename(full))}\\.${kind}-[0-9a-f]{12}${infix}(-journal|-lock)?$`);
  let names: string[];
  try {
    names = readdirSync(path.dirname(full)).filter((name) => pattern.test(name));
  } catch {
    return [];
  }
  const found: { name: string; mtimeMs: number }[] = [];
  for (const name of names) {
    try {
      found.push({ name, mtimeMs: statSync(path.join(path.dirname(full), name)).mtimeMs });
    } catch {
      // removed meanwhile
    }
  }
  return found;
}

/** Removes a side file (or its lock folder, with the records a dead process left in it). */
export function removeSideFile(full: string, name: string): void {
  rmSync(path.join(path.dirname(full), name), { recursive: true, force: true });
}

/** A lock folder nobody holds a record in any more; kept when someone still does. */
export function removeEmptyFolder(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // not there, or not empty (someone still holds a record): leave it
  }
}

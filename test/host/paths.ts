import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest folder above this bundle whose package.json is ours. */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'trcaa') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no TRCAA package.json above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);

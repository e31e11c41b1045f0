import { existsSync } from 'node:fs';
import path from 'node:path';

/** The bundled mining thread (dist/logMiner.js) in `dir`, when the build put it there. */
export function minerWorkerIn(dir: string): string | undefined {
  const file = path.join(dir, 'logMiner.js');
  return existsSync(file) ? file : undefined;
}

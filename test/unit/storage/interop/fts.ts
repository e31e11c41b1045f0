// FTS5 documents from a small vocabulary, and the rows a MATCH must return, computed without SQLite.
import type { SeededRandom } from '../../../../src/core/demo/random';

export const VOCABULARY = [
  'timeout', 'kernel', 'panic', 'disk', 'latency', 'retry', 'deadlock', 'memory', 'leak', 'socket', 'refused',
  'certificate', 'expired', 'quota', 'exceeded', 'replica', 'lag', 'checksum', 'mismatch', 'throttled', 'oom',
  'killed', 'segfault', 'rollback', 'journal', 'fsync', 'dns', 'resolver', 'gateway', 'upstream',
] as const;

export function document(random: SeededRandom, words = random.int(3, 25)): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(random.pick(VOCABULARY));
  return out.join(' ');
}

/** Row ids whose text holds every one of `terms` as a token (what `MATCH 'a AND b'` returns). */
export function expectedMatches(docs: ReadonlyMap<number, string>, terms: readonly string[]): number[] {
  return [...docs.entries()]
    .filter(([, text]) => terms.every((term) => text.split(' ').includes(term)))
    .map(([id]) => id)
    .sort((a, b) => a - b);
}

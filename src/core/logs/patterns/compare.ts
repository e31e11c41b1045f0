// "What changed" between two logs, or two time ranges of one: the patterns that are new, gone, or much more (or
// less) frequent, ranked. Patterns are matched by template; frequencies are compared as shares of each side's lines,
// so a longer "after" log does not make everything look more frequent.

export interface PatternCount {
  readonly template: string;
  readonly count: number;
}

export type PatternChangeKind = 'new' | 'gone' | 'more' | 'less';

export interface PatternChange {
  readonly template: string;
  readonly kind: PatternChangeKind;
  readonly before: number;
  readonly after: number;
  /** after's share of its lines over before's share (Infinity for new, 0 for gone). */
  readonly ratio: number;
}

export interface CompareOptions {
  /** Least share ratio (or its inverse) to report a pattern as more / less frequent. */
  readonly minRatio?: number;
  /** Least occurrences on the larger side for a pattern to be reported at all (a single line is noise). */
  readonly minCount?: number;
}

/**
 * Ranked: new patterns first (most occurrences first), then gone ones, then the largest changes in share. A pattern
 * is matched across sides by its template, so the same event mined from two logs is one row.
 */
export function comparePatterns(before: readonly PatternCount[], after: readonly PatternCount[], options: CompareOptions = {}): PatternChange[] {
  const minRatio = options.minRatio ?? 2;
  const minCount = options.minCount ?? 1;
  const sum = (side: Map<string, number>) => [...side.values()].reduce((a, b) => a + b, 0);
  const tally = (side: readonly PatternCount[]) => {
    const map = new Map<string, number>();
    for (const p of side) map.set(p.template, (map.get(p.template) ?? 0) + p.count);
    return map;
  };
  const a = tally(before);
  const b = tally(after);
  const totalA = sum(a) || 1;
  const totalB = sum(b) || 1;
  const changes: PatternChange[] = [];
  for (const template of new Set([...a.keys(), ...b.keys()])) {
    const countA = a.get(template) ?? 0;
    const countB = b.get(template) ?? 0;
    if (Math.max(countA, countB) < minCount) continue;
    if (countA === 0) changes.push({ template, kind: 'new', before: 0, after: countB, ratio: Infinity });
    else if (countB === 0) changes.push({ template, kind: 'gone', before: countA, after: 0, ratio: 0 });
    else {
      const ratio = countB / totalB / (countA / totalA);
      if (ratio >= minRatio) changes.push({ template, kind: 'more', before: countA, after: countB, ratio });
      else if (ratio <= 1 / minRatio) changes.push({ template, kind: 'less', before: countA, after: countB, ratio });
    }
  }
  const rank: Record<PatternChangeKind, number> = { new: 0, gone: 1, more: 2, less: 2 };
  const strength = (c: PatternChange) => (c.kind === 'new' ? c.after : c.kind === 'gone' ? c.before : Math.abs(Math.log(c.ratio)));
  return changes.sort((x, y) => rank[x.kind] - rank[y.kind] || strength(y) - strength(x) || (x.template < y.template ? -1 : 1));
}

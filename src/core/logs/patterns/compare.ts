// "What changed" between two logs, or two time ranges of one: the patterns that are new, gone, or much more (or
// less) frequent, ranked. Patterns are matched by template; frequencies are compared as shares of each side's lines,
// so a longer "after" log does not make everything look more frequent.
import { coveringTemplates } from './templateCover';

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
  /** The templates counted in this row on each side, most frequent first (one, or the few values a variable covers). */
  readonly beforeTemplates: readonly string[];
  readonly afterTemplates: readonly string[];
}

export interface CompareOptions {
  /** Least share ratio (or its inverse) to report a pattern as more / less frequent. */
  readonly minRatio?: number;
  /** Least occurrences on the larger side for a pattern to be reported at all (a single line is noise). */
  readonly minCount?: number;
}

/**
 * Ranked: new patterns first (most occurrences first), then gone ones, then the largest changes in share. A pattern
 * is matched across sides by its template, so the same event mined from two logs is one row — also when one side
 * has a variable where the other has the few values it saw (templateCover.ts): counted under the variable's template.
 */
export function comparePatterns(before: readonly PatternCount[], after: readonly PatternCount[], options: CompareOptions = {}): PatternChange[] {
  const minRatio = options.minRatio ?? 2;
  const minCount = options.minCount ?? 1;
  const beforeCover = coveringTemplates(before.map((p) => p.template), after.map((p) => p.template));
  const afterCover = coveringTemplates(after.map((p) => p.template), before.map((p) => p.template));
  /** A template as both sides are counted under: the other side's covering one, and that one's own cover, if any. */
  const canonical = (template: string) => {
    for (let hops = 0; hops < 4; hops++) {
      const next = beforeCover.get(template) ?? afterCover.get(template);
      if (next === undefined) break;
      template = next;
    }
    return template;
  };
  /** Per template both sides are counted under: its occurrences, and the side's own templates in it. */
  const tally = (side: readonly PatternCount[]) => {
    const map = new Map<string, { count: number; templates: Map<string, number> }>();
    for (const p of side) {
      const key = canonical(p.template);
      let entry = map.get(key);
      if (!entry) map.set(key, (entry = { count: 0, templates: new Map() }));
      entry.count += p.count;
      entry.templates.set(p.template, (entry.templates.get(p.template) ?? 0) + p.count);
    }
    return map;
  };
  const a = tally(before);
  const b = tally(after);
  const sum = (side: typeof a) => [...side.values()].reduce((n, e) => n + e.count, 0);
  const totalA = sum(a) || 1;
  const totalB = sum(b) || 1;
  const membersOf = (entry: { templates: Map<string, number> } | undefined) =>
    entry ? [...entry.templates].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([template]) => template) : [];
  const changes: PatternChange[] = [];
  for (const template of new Set([...a.keys(), ...b.keys()])) {
    const countA = a.get(template)?.count ?? 0;
    const countB = b.get(template)?.count ?? 0;
    if (Math.max(countA, countB) < minCount) continue;
    const row = { template, before: countA, after: countB, beforeTemplates: membersOf(a.get(template)), afterTemplates: membersOf(b.get(template)) };
    if (countA === 0) changes.push({ ...row, kind: 'new', ratio: Infinity });
    else if (countB === 0) changes.push({ ...row, kind: 'gone', ratio: 0 });
    else {
      const ratio = countB / totalB / (countA / totalA);
      // A share that did not move is no change, whatever minRatio (1 would report it).
      if (ratio >= minRatio && ratio > 1) changes.push({ ...row, kind: 'more', ratio });
      else if (ratio <= 1 / minRatio && ratio < 1) changes.push({ ...row, kind: 'less', ratio });
    }
  }
  const rank: Record<PatternChangeKind, number> = { new: 0, gone: 1, more: 2, less: 2 };
  const strength = (c: PatternChange) => (c.kind === 'new' ? c.after : c.kind === 'gone' ? c.before : Math.abs(Math.log(c.ratio)));
  return changes.sort((x, y) => rank[x.kind] - rank[y.kind] || strength(y) - strength(x) || (x.template < y.template ? -1 : 1));
}

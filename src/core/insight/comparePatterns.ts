// "What changed" between two sets of pattern counts — two logs, or two time ranges of one log: the patterns that
// are new, gone, or markedly more (or less) frequent, ranked by how much they changed. Patterns are matched by
// template: two logs mine their own ids, but the same kind of line gives the same template.

export interface PatternCount {
  template: string;
  count: number;
  /** 'error', 'warn', …; what the pattern's lines say, when a level was recognised. */
  level?: string | null;
  /** The pattern's id on the "after" side (or "before" for a gone one), to open its lines. */
  id?: string;
}

export type ChangeKind = 'new' | 'gone' | 'more' | 'less';

export interface PatternChange {
  kind: ChangeKind;
  template: string;
  level: string | null;
  before: number;
  after: number;
  /** after / before, normalised by the two sides' sizes (Infinity for new, 0 for gone). */
  ratio: number;
  /** The id on the side where it occurs (after, or before when gone). */
  id?: string;
}

export interface CompareOptions {
  /** A pattern is "more"/"less" frequent only past this factor (after normalising by the sides' sizes). */
  minRatio?: number;
  /** Changes below this many lines on both sides are noise. */
  minCount?: number;
}

const LEVEL_WEIGHT: Record<string, number> = { fatal: 4, error: 3, warn: 2 };

/** Sums counts per template: a template seen under two ids (two mining runs) is one pattern here. */
function byTemplate(counts: readonly PatternCount[]): Map<string, PatternCount> {
  const out = new Map<string, PatternCount>();
  for (const c of counts) {
    const known = out.get(c.template);
    if (known) known.count += c.count;
    else out.set(c.template, { ...c });
  }
  return out;
}

/**
 * The changes from `before` to `after`. Frequencies are compared as shares of each side's lines, so a "before"
 * range half as long does not make everything look twice as frequent after. Ranked: new and gone first (errors
 * before info), then by how far the ratio is from 1, then by lines.
 */
export function comparePatterns(before: readonly PatternCount[], after: readonly PatternCount[], options: CompareOptions = {}): PatternChange[] {
  const minRatio = options.minRatio ?? 2;
  const minCount = options.minCount ?? 1;
  const a = byTemplate(before);
  const b = byTemplate(after);
  const totalBefore = [...a.values()].reduce((n, c) => n + c.count, 0);
  const totalAfter = [...b.values()].reduce((n, c) => n + c.count, 0);
  const scale = totalBefore > 0 && totalAfter > 0 ? totalBefore / totalAfter : 1;
  const changes: PatternChange[] = [];
  for (const template of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(template);
    const now = b.get(template);
    const beforeCount = was?.count ?? 0;
    const afterCount = now?.count ?? 0;
    if (Math.max(beforeCount, afterCount) < minCount) continue;
    const level = now?.level ?? was?.level ?? null;
    const id = (afterCount > 0 ? now?.id : was?.id) ?? undefined;
    const base = { template, level, before: beforeCount, after: afterCount, ...(id ? { id } : {}) };
    if (beforeCount === 0 && afterCount > 0) changes.push({ kind: 'new', ratio: Infinity, ...base });
    else if (afterCount === 0 && beforeCount > 0) changes.push({ kind: 'gone', ratio: 0, ...base });
    else {
      const ratio = (afterCount * scale) / beforeCount;
      if (ratio >= minRatio) changes.push({ kind: 'more', ratio, ...base });
      else if (ratio <= 1 / minRatio) changes.push({ kind: 'less', ratio, ...base });
    }
  }
  const rank = (c: PatternChange) => (c.kind === 'new' ? 0 : c.kind === 'gone' ? 1 : 2);
  const strength = (c: PatternChange) => (c.kind === 'more' ? c.ratio : c.kind === 'less' ? 1 / c.ratio : 0);
  return changes.sort(
    (x, y) =>
      rank(x) - rank(y) ||
      (LEVEL_WEIGHT[y.level ?? ''] ?? 0) - (LEVEL_WEIGHT[x.level ?? ''] ?? 0) ||
      strength(y) - strength(x) ||
      Math.max(y.before, y.after) - Math.max(x.before, x.after) ||
      x.template.localeCompare(y.template),
  );
}

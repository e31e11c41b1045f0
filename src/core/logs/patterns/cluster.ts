// Signatures (masked token sequences with their counts) clustered into patterns, offline, once the pass is over:
//  1. position merge: signatures of the same length that differ at one position only join when that position takes
//     many values there (a variable the masking could not see by shape: a hostname, a user name);
//  2. gap merge: patterns of different lengths join when one is the other plus short runs holding a variable
//     (an optional "(1.2 KB)", a list of values).
// Both steps look only at the values a position takes, never at what the words are, so they hold for any log.
import type { MinedPattern } from './miner';
import { WILDCARD } from './tokens';

export interface Signature {
  readonly tokens: string[];
  count: number;
}

/** Distinct values a position must take (in signatures otherwise alike) before it is taken as a variable. */
export const MIN_VARIABLE_VALUES = 3;
/** …and at least this many distinct values per line carrying them. */
export const MIN_VALUES_PER_LINE = 0.1;
/** Constant tokens that must remain for the first token to be taken as a variable. */
const MIN_ANCHOR_FOR_FIRST = 3;
/** Longest run of extra tokens the gap merge accepts. */
const MAX_GAP = 3;
/** Largest group of same-anchor patterns compared pairwise by the gap merge (bounds its cost). */
const MAX_GAP_GROUP = 300;

interface Cluster {
  tokens: string[];
  count: number;
  /** Index of the first signature (the order patterns are numbered in). */
  first: number;
  /** Merged into this cluster (union-find parent), or itself. */
  parent: number;
}

function root(clusters: Cluster[], i: number): number {
  let r = i;
  while (clusters[r]!.parent !== r) r = clusters[r]!.parent;
  while (clusters[i]!.parent !== r) {
    const next = clusters[i]!.parent;
    clusters[i]!.parent = r;
    i = next;
  }
  return r;
}

function join(clusters: Cluster[], into: number, from: number, tokens: string[]): void {
  const a = clusters[into]!;
  const b = clusters[from]!;
  b.parent = into;
  a.count += b.count;
  a.first = Math.min(a.first, b.first);
  a.tokens = tokens;
}

const isConstant = (token: string) => !token.includes(WILDCARD);

/** Step 1. Repeats until nothing merges (a merge at one position can make two signatures alike at another). */
function mergePositions(clusters: Cluster[]): void {
  for (let changed = true; changed;) {
    changed = false;
    const live = clusters.map((_, i) => i).filter((i) => clusters[i]!.parent === i);
    const byLength = new Map<number, number[]>();
    for (const i of live) {
      const length = clusters[i]!.tokens.length;
      let list = byLength.get(length);
      if (!list) byLength.set(length, (list = []));
      list.push(i);
    }
    for (const [length, members] of byLength) {
      // A one-token message has nothing to anchor a variable on.
      if (length < 2) continue;
      for (let p = 0; p < length; p++) {
        const groups = new Map<string, number[]>();
        for (const i of members) {
          if (clusters[i]!.parent !== i) continue;
          const tokens = clusters[i]!.tokens;
          const key = tokens.slice(0, p).join(' ') + '\u0000' + tokens.slice(p + 1).join(' ');
          let group = groups.get(key);
          if (!group) groups.set(key, (group = []));
          group.push(i);
        }
        for (const group of groups.values()) {
          if (group.length < 2) continue;
          const values = new Set(group.map((i) => clusters[i]!.tokens[p]));
          const lines = group.reduce((sum, i) => sum + clusters[i]!.count, 0);
          // A variable takes many values, each in few lines; an event's words (GET/POST, Started/Stopped) are few
          // and each repeated.
          if (values.size < MIN_VARIABLE_VALUES || values.size < lines * MIN_VALUES_PER_LINE) continue;
          // Other constant tokens must remain: a message that is nothing but this value is not a pattern.
          // The first token is usually the event's verb (boot, wait, halt): a variable there needs a longer anchor.
          const rest = clusters[group[0]!]!.tokens.filter((t, q) => q !== p && isConstant(t));
          if (rest.length < (p === 0 ? MIN_ANCHOR_FOR_FIRST : 1)) continue;
          const tokens = clusters[group[0]!]!.tokens.slice();
          tokens[p] = WILDCARD;
          for (const i of group.slice(1)) join(clusters, group[0]!, i, tokens);
          clusters[group[0]!]!.tokens = tokens;
          changed = true;
        }
      }
    }
  }
}

/** A unit after a number (ms, sec, KB): a short lower-case word. */
const UNIT = /^[a-z]{1,4}[.,;]?$|^[KMGT]i?B[.,;]?$/;

/** A gap holds a variable, or is a unit right after one. */
function acceptableGap(gap: readonly string[], afterVariable: boolean): boolean {
  if (gap.some((t) => !isConstant(t))) return true;
  return afterVariable && gap.length === 1 && UNIT.test(gap[0]!);
}

/**
 * Whether `long` is `short` plus gaps (runs of at most MAX_GAP extra tokens) that each hold a variable or follow one
 * of short's variables, with at least as many tokens matched as left over. Greedy left-to-right alignment: enough
 * for optional parts, which is what this step is for.
 */
function gapAlign(short: readonly string[], long: readonly string[]): boolean {
  let i = 0;
  let j = 0;
  let matchedConstants = 0;
  let extraConstants = 0;
  while (i < short.length && j < long.length) {
    if (short[i] === long[j]) {
      if (isConstant(short[i]!)) matchedConstants++;
      i++;
      j++;
      continue;
    }
    // A gap in long: find the next position where short[i] matches again within MAX_GAP tokens.
    let k = j + 1;
    while (k < long.length && k - j <= MAX_GAP && long[k] !== short[i]) k++;
    if (k >= long.length || k - j > MAX_GAP) return false;
    const gap = long.slice(j, k);
    if (!acceptableGap(gap, i > 0 && short[i - 1] === WILDCARD)) return false;
    extraConstants += gap.filter(isConstant).length;
    j = k;
  }
  if (i < short.length) return false;
  if (j < long.length) {
    const gap = long.slice(j);
    if (gap.length > MAX_GAP) return false;
    if (!acceptableGap(gap, short[short.length - 1] === WILDCARD)) return false;
    extraConstants += gap.filter(isConstant).length;
  }
  return matchedConstants >= 2 && extraConstants <= matchedConstants / 2;
}

/** Step 2, within groups of patterns sharing their first token (the event's verb, as in Drain's tree). */
function mergeGaps(clusters: Cluster[]): void {
  const byAnchor = new Map<string, number[]>();
  for (let i = 0; i < clusters.length; i++) {
    if (clusters[i]!.parent !== i) continue;
    const anchor = clusters[i]!.tokens[0] ?? '';
    let list = byAnchor.get(anchor);
    if (!list) byAnchor.set(anchor, (list = []));
    list.push(i);
  }
  for (const group of byAnchor.values()) {
    if (group.length < 2 || group.length > MAX_GAP_GROUP) continue;
    // Shortest first: each pattern joins the first shorter one it extends.
    group.sort((a, b) => clusters[a]!.tokens.length - clusters[b]!.tokens.length || clusters[b]!.count - clusters[a]!.count);
    for (let x = 0; x < group.length; x++) {
      const a = group[x]!;
      if (clusters[a]!.parent !== a) continue;
      for (let y = x + 1; y < group.length; y++) {
        const b = group[y]!;
        if (clusters[b]!.parent !== b) continue;
        const short = clusters[a]!.tokens;
        const long = clusters[b]!.tokens;
        if (long.length === short.length || long.length - short.length > 2 * MAX_GAP) continue;
        if (gapAlign(short, long)) join(clusters, a, b, short);
      }
    }
  }
}

export function clusterSignatures(signatures: readonly Signature[]): { patterns: MinedPattern[]; patternOfSignature: Int32Array } {
  const clusters: Cluster[] = signatures.map((s, i) => ({ tokens: s.tokens.slice(), count: s.count, first: i, parent: i }));
  mergePositions(clusters);
  mergeGaps(clusters);
  // Dense pattern indexes in order of first occurrence.
  const roots = clusters.map((_, i) => root(clusters, i));
  const order = [...new Set(roots)].sort((a, b) => clusters[a]!.first - clusters[b]!.first);
  const indexOfRoot = new Map(order.map((r, index) => [r, index]));
  const patternOfSignature = Int32Array.from(roots, (r) => indexOfRoot.get(r)!);
  const patterns = order.map((r, index) => ({ index, template: clusters[r]!.tokens.join(' '), count: clusters[r]!.count }));
  return { patterns, patternOfSignature };
}

// The PII and secret detector: built-in rules plus the user's custom patterns, one pass per rule, then a
// deterministic overlap resolution. Pure: no vscode, no I/O.
import { escapedView, hasEscapes } from './escapedView';
import { compileCustomPatterns, scanCustom } from './rules/custom';
import { colonAddressRule } from './rules/colon';
import { dashedRule } from './rules/dashed';
import { dottedRule } from './rules/dotted';
import { nationalPhoneRule } from './rules/nationalPhone';
import { emailRule, urlCredentialsRule } from './rules/network';
import { creditCardRule, internationalPhoneRule } from './rules/numbers';
import type { Rule } from './rules/rule';
import { keyValueSecretRule, tokenShapesRule } from './rules/secrets';
import type { DetectedSpan, DetectorOptions, PatternProblem, PiiType } from './types';
import { PII_TYPE_INFO, PII_TYPES } from './types';

export interface PiiDetector {
  /** Non-overlapping spans in text order. */
  detect(text: string): DetectedSpan[];
  /** Custom patterns that were refused (invalid, or matching the empty string), with the reason. */
  readonly problems: readonly PatternProblem[];
}

// Each rule is one pass over the text, anchored where it can be on a literal character (fast in V8).
const RULES: readonly Rule[] = [tokenShapesRule, keyValueSecretRule, urlCredentialsRule, emailRule, creditCardRule, internationalPhoneRule, nationalPhoneRule, dottedRule, dashedRule, colonAddressRule];

/**
 * Which span wins where two overlap: the more specific type. A token's own shape beats the key it sits under, an
 * address beats a host name inside it. Custom patterns rank with the key/value secrets.
 */
const PRIORITY: Record<PiiType, number> = {
  PrivateKey: 100,
  SlackToken: 95,
  UrlCredentials: 90,
  JWT: 88,
  GitHubToken: 87,
  AWSAccessKey: 86,
  AWSSecretKey: 80,
  BearerToken: 70,
  Password: 62,
  ApiKey: 61,
  Secret: 60,
  Email: 50,
  CreditCard: 45,
  SSN: 44,
  MAC: 41, // six groups of hex: a phone number in five groups of digits (01-23-45-67-89) can only be inside one
  Phone: 40,
  IPv6: 38,
  IPv4: 36,
  Hostname: 10,
};
const CUSTOM_PRIORITY = 65;

interface Candidate {
  type: string;
  start: number;
  end: number;
  priority: number;
  replacement: string;
}

export function createDetector(options: DetectorOptions = {}): PiiDetector {
  const enabled = new Set<PiiType>(options.enabledTypes ?? PII_TYPES);
  const rules = RULES.filter((rule) => rule.types.some((type) => enabled.has(type)));
  const { compiled, problems } = compileCustomPatterns(options.customPatterns ?? []);
  return {
    problems,
    detect(text: string): DetectedSpan[] {
      if (!hasEscapes(text)) return candidatesIn(text).map((c) => spanOf(c, c.start, c.end, text));
      // Read as the log's reader does (escapes decoded), report where it stands in the source.
      const view = escapedView(text);
      return candidatesIn(view.text).map((c) => spanOf(c, view.offsets[c.start] as number, view.offsets[c.end] as number, text));
    },
  };

  function candidatesIn(text: string): Candidate[] {
    // Each rule reports in text order: one run per rule, merged (cheaper than sorting them all together).
    const runs: Candidate[][] = [];
    let run: Candidate[] = [];
    const emit = (type: PiiType, start: number, end: number) => {
      if (enabled.has(type) && end > start) run.push({ type, start, end, priority: PRIORITY[type], replacement: PII_TYPE_INFO[type].replacement });
    };
    for (const rule of rules) {
      rule.scan(text, emit);
      runs.push(run);
      run = [];
    }
    for (const pattern of compiled) {
      scanCustom(pattern, text, (span) => run.push({ ...span, priority: CUSTOM_PRIORITY }));
      runs.push(run);
      run = [];
    }
    return resolveOverlaps(mergeRuns(runs));
  }
}

/** The span a resolved candidate reports, at [start, end) of the source (its value read there, escapes and all). */
const spanOf = (c: Candidate, start: number, end: number, source: string): DetectedSpan => ({ type: c.type, start, end, value: source.slice(start, end), replacement: c.replacement });

const byPosition = (a: Candidate, b: Candidate) => a.start - b.start || b.end - a.end;

/** One list in position order from runs that are each (almost always) in position order already. */
function mergeRuns(runs: Candidate[][]): Candidate[] {
  let merged: Candidate[] = [];
  for (const run of runs) {
    if (run.length === 0) continue;
    const sorted = run.every((c, i) => i === 0 || byPosition(run[i - 1] as Candidate, c) <= 0) ? run : run.sort(byPosition);
    merged = merged.length === 0 ? sorted : mergeTwo(merged, sorted);
  }
  return merged;
}

/**
 * Two sorted lists as one; on a tie the first list's candidate comes first (its rule came first). Merging the runs
 * two at a time costs one tight loop per rule that found something: cheaper than comparing every run's head per
 * candidate or sorting them all together.
 */
function mergeTwo(first: Candidate[], second: Candidate[]): Candidate[] {
  const merged: Candidate[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length && j < second.length) merged.push(byPosition(second[j] as Candidate, first[i] as Candidate) < 0 ? (second[j++] as Candidate) : (first[i++] as Candidate));
  while (i < first.length) merged.push(first[i++] as Candidate);
  while (j < second.length) merged.push(second[j++] as Candidate);
  return merged;
}

/**
 * Non-overlapping spans that hide exactly the characters the candidates cover. Within each run of mutually
 * overlapping candidates (a cluster), the highest priority wins, then the longest, then the earliest, then the type
 * name — the same input always gives the same output, whatever order the rules reported in. The winners then share
 * out the losers' characters (each winner grows up to the next one, the first back to the cluster's start, the last
 * to its end): which replacement is shown is a choice, but no character a losing candidate covered is ever exposed,
 * so adding a rule or a custom pattern can only hide more. `candidates` must be in position order.
 */
export function resolveOverlaps<T extends Candidate>(candidates: T[]): T[] {
  const kept: T[] = [];
  let i = 0;
  while (i < candidates.length) {
    // A cluster: candidates chained together by overlaps, covering [clusterStart, clusterEnd) without a gap.
    const clusterStart = (candidates[i] as T).start;
    let j = i + 1;
    let clusterEnd = (candidates[i] as T).end;
    while (j < candidates.length && (candidates[j] as T).start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, (candidates[j] as T).end);
      j++;
    }
    if (j === i + 1) kept.push(candidates[i] as T);
    else {
      const ranked = candidates.slice(i, j).sort(
        (a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
      );
      const chosen = disjointByRank(ranked, clusterStart, clusterEnd);
      chosen.forEach((c, k) => {
        const next = chosen[k + 1];
        kept.push({ ...c, start: k === 0 ? clusterStart : c.start, end: next ? next.start : clusterEnd });
      });
    }
    i = j;
  }
  return kept;
}

/**
 * The candidates that do not overlap a better-ranked one kept before them, in position order. Taken positions are
 * marked in a bitmap of the cluster, so each candidate costs its own length: linear however long the chain (a pair of
 * patterns overlapping all along a line makes one cluster of a million candidates).
 */
function disjointByRank<T extends Candidate>(ranked: readonly T[], clusterStart: number, clusterEnd: number): T[] {
  const taken = new Uint8Array(clusterEnd - clusterStart);
  const chosen: T[] = [];
  for (const c of ranked) {
    const from = c.start - clusterStart;
    const to = c.end - clusterStart;
    let free = true;
    for (let i = from; i < to && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, from, to);
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

// The user's own patterns, run by RE2 (re2js): linear time, so no pattern can hang a scan. A pattern that does not
// compile, matches the empty string or has a bad name is reported and skipped; the scan goes on without it.
import { RE2JS } from 're2js';
import type { CustomPattern, DetectedSpan, PatternProblem } from '../types';
import { CUSTOM_PREFIX, replacementFor } from '../types';

export interface CompiledCustomPattern {
  type: string;
  replacement: string;
  regex: RE2JS;
}

const NAME = /^[A-Za-z0-9_-]{1,40}$/;
const MAX_PATTERN = 2000;

export function compileCustomPatterns(patterns: readonly CustomPattern[]): { compiled: CompiledCustomPattern[]; problems: PatternProblem[] } {
  const compiled: CompiledCustomPattern[] = [];
  const problems: PatternProblem[] = [];
  for (const entry of patterns) {
    const name = typeof entry?.name === 'string' ? entry.name.trim() : '';
    const pattern = typeof entry?.pattern === 'string' ? entry.pattern : '';
    const label = name || '(unnamed)';
    if (!NAME.test(name)) {
      problems.push({ name: label, message: 'The name must be 1–40 letters, digits, _ or -.' });
      continue;
    }
    if (!pattern || pattern.length > MAX_PATTERN) {
      problems.push({ name, message: pattern ? `The pattern is longer than ${MAX_PATTERN} characters.` : 'The pattern is empty.' });
      continue;
    }
    let regex: RE2JS;
    try {
      regex = RE2JS.compile(pattern);
    } catch (error) {
      problems.push({ name, message: `Not a valid RE2 pattern: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    if (regex.matcher('').find()) {
      problems.push({ name, message: 'The pattern matches the empty string.' });
      continue;
    }
    const type = `${CUSTOM_PREFIX}${name}`;
    compiled.push({ type, replacement: replacementFor(type), regex });
  }
  return { compiled, problems };
}

export function scanCustom(pattern: CompiledCustomPattern, text: string, emit: (span: DetectedSpan) => void): void {
  const matcher = pattern.regex.matcher(text);
  let from = 0;
  while (from <= text.length && matcher.find(from)) {
    const start = matcher.start();
    const end = matcher.end();
    if (end > start) emit({ type: pattern.type, start, end, value: text.slice(start, end), replacement: pattern.replacement });
    from = end > start ? end : start + 1;
  }
}

// Shared helpers for the PII detector tests. Every value here is synthetic: made up for the tests, no real person's.
import * as assert from 'node:assert/strict';
import { createDetector } from '../../../../src/core/pii/detector';
import type { DetectedSpan, DetectorOptions } from '../../../../src/core/pii/types';
import { PII_TYPES } from '../../../../src/core/pii/types';

/** Every type on, Hostname included (it is off by default). */
export const allTypes: DetectorOptions = { enabledTypes: PII_TYPES };

export function detect(text: string, options: DetectorOptions = allTypes): DetectedSpan[] {
  return createDetector(options).detect(text);
}

/** A positive case: in `text`, exactly these values of these types (each found at its first occurrence). */
export interface Positive {
  text: string;
  found: Array<[type: string, value: string]>;
}

export function assertFinds({ text, found }: Positive, options: DetectorOptions = allTypes): void {
  const spans = detect(text, options);
  const expected = found.map(([type, value]) => {
    const start = text.indexOf(value);
    assert.notEqual(start, -1, `test bug: "${value}" is not in the text`);
    return { type, start, end: start + value.length, value };
  });
  assert.deepEqual(
    spans.map(({ type, start, end, value }) => ({ type, start, end, value })),
    expected,
    `in ${JSON.stringify(text)}`,
  );
}

export function assertNothingIn(text: string, options: DetectorOptions = allTypes): void {
  const spans = detect(text, options);
  assert.deepEqual(
    spans.map((s) => `${s.type}: ${s.value}`),
    [],
    `nothing should be found in ${JSON.stringify(text)}`,
  );
}

/** Cuts `text` at random points (empty pieces included) for the streaming variants. */
export function chunked(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let at = 0;
  for (const point of points) {
    pieces.push(text.slice(at, point));
    at = point;
  }
  pieces.push(text.slice(at));
  return pieces;
}

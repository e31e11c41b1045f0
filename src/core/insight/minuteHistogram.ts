// Occurrences per minute: how a pattern's (or a log's errors') lines spread over time. Stored as the first minute
// (epoch ms at a minute boundary) and one count per minute after it; a range's count is summed from it.

export const MINUTE_MS = 60_000;

export interface MinuteHistogram {
  /** Epoch ms of the first bucket's minute. */
  startMs: number;
  counts: number[];
}

/** The histogram of epoch-ms times, one bucket per minute from the first to the last (at most `maxBuckets`: wider buckets past that would lie, so the tail is cut). */
export function histogramOf(times: Iterable<number>, maxBuckets = 7 * 24 * 60): MinuteHistogram | null {
  const sorted = [...times].filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const startMs = Math.floor((sorted[0] as number) / MINUTE_MS) * MINUTE_MS;
  const counts: number[] = [];
  for (const t of sorted) {
    const i = Math.floor((t - startMs) / MINUTE_MS);
    if (i >= maxBuckets) break;
    while (counts.length <= i) counts.push(0);
    counts[i] = (counts[i] as number) + 1;
  }
  return { startMs, counts };
}

/** Occurrences in [fromMs, toMs): whole minutes counted when the minute starts in the range. */
export function countInRange(histogram: MinuteHistogram | null, fromMs: number, toMs: number): number {
  if (!histogram) return 0;
  let n = 0;
  histogram.counts.forEach((count, i) => {
    const minute = histogram.startMs + i * MINUTE_MS;
    if (minute >= fromMs && minute < toMs) n += count;
  });
  return n;
}

/** Adds histograms bucket by bucket (an incident's logs' errors into one). */
export function addHistograms(histograms: readonly (MinuteHistogram | null)[]): MinuteHistogram | null {
  const present = histograms.filter((h): h is MinuteHistogram => !!h && h.counts.length > 0);
  if (!present.length) return null;
  const startMs = Math.min(...present.map((h) => h.startMs));
  const counts: number[] = [];
  for (const h of present) {
    const offset = Math.round((h.startMs - startMs) / MINUTE_MS);
    h.counts.forEach((count, i) => {
      while (counts.length <= offset + i) counts.push(0);
      counts[offset + i] = (counts[offset + i] as number) + count;
    });
  }
  return { startMs, counts };
}

/** `width` values summarising the histogram (each the sum of its share of minutes): a sparkline's points. */
export function downsample(histogram: MinuteHistogram | null, width: number): number[] {
  if (!histogram || width <= 0) return [];
  const { counts } = histogram;
  if (counts.length <= width) return [...counts];
  const out = new Array<number>(width).fill(0);
  counts.forEach((count, i) => {
    const slot = Math.min(width - 1, Math.floor((i * width) / counts.length));
    out[slot] = (out[slot] as number) + count;
  });
  return out;
}

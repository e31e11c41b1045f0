// Occurrences over time: how a pattern's (or a log's errors') lines spread. Stored as the first bucket's start
// (epoch ms), the bucket width (a minute, or wider for a log spanning weeks) and one count per bucket after it; a
// range's count is summed from it.

export const MINUTE_MS = 60_000;

export interface MinuteHistogram {
  /** Epoch ms of the first bucket's start. */
  startMs: number;
  counts: number[];
  /** Bucket width in ms: a minute unless the log spans weeks. */
  bucketMs?: number;
}

export const bucketOf = (h: MinuteHistogram): number => h.bucketMs ?? MINUTE_MS;

/** The histogram of epoch-ms times, one bucket per minute from the first to the last (at most `maxBuckets`: the tail past it is cut rather than widening every bucket). */
export function histogramOf(times: Iterable<number>, maxBuckets = 14 * 24 * 60): MinuteHistogram | null {
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

/** Occurrences in [fromMs, toMs): a bucket counts when it starts in the range. */
export function countInRange(histogram: MinuteHistogram | null, fromMs: number, toMs: number): number {
  if (!histogram) return 0;
  const bucket = bucketOf(histogram);
  let n = 0;
  histogram.counts.forEach((count, i) => {
    const at = histogram.startMs + i * bucket;
    if (at >= fromMs && at < toMs) n += count;
  });
  return n;
}

/** Adds histograms bucket by bucket (an incident's logs' errors into one), in the widest bucket among them. */
export function addHistograms(histograms: readonly (MinuteHistogram | null)[]): MinuteHistogram | null {
  const present = histograms.filter((h): h is MinuteHistogram => !!h && h.counts.length > 0);
  if (!present.length) return null;
  const bucket = Math.max(...present.map(bucketOf));
  const startMs = Math.floor(Math.min(...present.map((h) => h.startMs)) / bucket) * bucket;
  const counts: number[] = [];
  for (const h of present) {
    const own = bucketOf(h);
    h.counts.forEach((count, i) => {
      if (!count) return;
      const at = Math.floor((h.startMs + i * own - startMs) / bucket);
      while (counts.length <= at) counts.push(0);
      counts[at] = (counts[at] as number) + count;
    });
  }
  return bucket === MINUTE_MS ? { startMs, counts } : { startMs, counts, bucketMs: bucket };
}

/** `width` values summarising the histogram (each the sum of its share of buckets): a sparkline's points. */
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

/** A histogram from sparse [bucket start in minutes since the epoch, count] pairs (as stored), ascending. */
export function fromBuckets(pairs: readonly (readonly [number, number])[], bucketMinutes = 1): MinuteHistogram | null {
  if (!pairs.length) return null;
  const bucketMs = bucketMinutes * MINUTE_MS;
  const startMs = (pairs[0] as readonly [number, number])[0] * MINUTE_MS;
  const counts: number[] = [];
  for (const [minute, count] of pairs) {
    const i = Math.round((minute * MINUTE_MS - startMs) / bucketMs);
    while (counts.length <= i) counts.push(0);
    counts[i] = (counts[i] as number) + count;
  }
  return bucketMinutes === 1 ? { startMs, counts } : { startMs, counts, bucketMs };
}

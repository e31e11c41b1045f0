// Occurrences over time, as the views draw them: how a pattern's (or an incident's errors') lines spread. The first
// bucket's start (epoch ms), the bucket width (a minute, or wider for a log spanning weeks) and one count per bucket
// after it — dense, from the stored sparse buckets (repositories/logPatterns.ts).

export const MINUTE_MS = 60_000;

export interface MinuteHistogram {
  /** Epoch ms of the first bucket's start. */
  startMs: number;
  counts: number[];
  /** Bucket width in ms: a minute unless the log spans weeks. */
  bucketMs?: number;
}

export const bucketOf = (h: MinuteHistogram): number => h.bucketMs ?? MINUTE_MS;

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

// The merged timeline: an incident's logs interleaved by timestamp, each line tagged with its log. Streaming: each
// log is read a chunk at a time and merged as it comes (a k-way merge, as lnav does), so a 200 MB log is never held
// whole. A line without a timestamp (a stack trace, a wrapped message) stays with the line before it; lines before
// a log's first timestamp come first. The merge keeps each log's own order: a log whose clock goes backwards is not
// re-sorted, only interleaved with the others.
import { LineSplitter } from '../logs/patterns/lineSplitter';

/** Reads a line's timestamp as epoch ms (undefined when it has none). */
export type LineTime = (line: string) => number | undefined;

/** A log to merge: its tag, its text in pieces (any size, split anywhere), and how its lines' times are read. */
export interface TimelineSource {
  tag: string;
  pieces: AsyncIterable<string>;
  /** Each log has its own format: told from its first lines (those of its first piece). */
  timeReader: (firstLines: readonly string[]) => LineTime;
}

/** One merged line: its log's tag, the text, and the time it sorted by (-Infinity before the log's first timestamp). */
export interface TimelineLine {
  source: number;
  tag: string;
  text: string;
  timeMs: number;
}

/** Reads one source into entries of [time, lines], a chunk at a time. */
class SourceReader {
  private readonly iterator: AsyncIterator<string>;
  private queue: { timeMs: number; text: string }[] = [];
  private next = 0;
  /** Lines as mining splits them: a line without a break for megabytes is cut at MAX_LINE_CHARS, not held whole. */
  private readonly splitter = new LineSplitter();
  private lastTime = -Infinity;
  done = false;

  private timeOf: LineTime | undefined;

  constructor(private readonly source: TimelineSource) {
    this.iterator = source.pieces[Symbol.asyncIterator]();
  }

  /** The next line, or undefined at the end of the log. */
  async peek(): Promise<{ timeMs: number; text: string } | undefined> {
    while (this.next >= this.queue.length && !this.done) await this.fill();
    return this.queue[this.next];
  }

  /** The next line when it is already read (no await per line: most lines are). */
  get ready(): { timeMs: number; text: string } | undefined {
    return this.queue[this.next];
  }

  shift(): void {
    this.next++;
  }

  private async fill(): Promise<void> {
    this.queue = [];
    this.next = 0;
    const piece = await this.iterator.next();
    const lines: string[] = [];
    const take = (line: string) => void lines.push(line);
    if (piece.done) {
      this.done = true;
      this.splitter.end(take);
    } else this.splitter.push(piece.value, take);
    if (!lines.length) return;
    // The format from the first lines there are (a decoder may hold back its first bytes: the first piece can be empty).
    const timeOf = (this.timeOf ??= this.source.timeReader(lines));
    for (const line of lines) {
      const time = timeOf(line);
      if (time !== undefined && Number.isFinite(time)) this.lastTime = time;
      this.queue.push({ timeMs: this.lastTime, text: line });
    }
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

/**
 * The sources' lines in time order (ties: the earlier source first). A continuation line carries the time of the
 * line it continues, so it never leaves it.
 */
export async function* mergeTimeline(sources: readonly TimelineSource[]): AsyncGenerator<TimelineLine> {
  const readers = sources.map((source) => new SourceReader(source));
  try {
    for (;;) {
      let best = -1;
      let bestTime = Infinity;
      for (let i = 0; i < readers.length; i++) {
        const head = await (readers[i] as SourceReader).peek();
        if (!head) continue;
        if (best < 0 || head.timeMs < bestTime) {
          best = i;
          bestTime = head.timeMs;
        }
      }
      if (best < 0) return;
      const reader = readers[best] as SourceReader;
      // Drain this source while it stays earliest: one comparison per line, not one per source per line.
      const rivals = await Promise.all(readers.map(async (r, i) => (i === best ? Infinity : ((await r.peek())?.timeMs ?? Infinity))));
      const until = Math.min(...rivals);
      const winsTie = rivals.indexOf(until) > best;
      for (let head = reader.ready ?? (await reader.peek()); head && (head.timeMs < until || (head.timeMs === until && winsTie)); head = reader.ready ?? (await reader.peek())) {
        reader.shift();
        yield { source: best, tag: (sources[best] as TimelineSource).tag, text: head.text, timeMs: head.timeMs };
      }
    }
  } finally {
    await Promise.all(readers.map((r) => r.close()));
  }
}

/**
 * Tags padded to one width, so the lines' own text starts in one column: `[api.log]    `. Logs that share a name
 * (app.log from two hosts) are told apart by their order: `[app.log (2)]`.
 */
export function paddedTags(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const tags = names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
  const width = Math.max(0, ...tags.map((t) => t.length));
  return tags.map((t) => `[${t}]${' '.repeat(width - t.length)} `);
}

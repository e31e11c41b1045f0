// Each log's patterns, mined once from its stored text and kept for the few logs being looked at (a stored log
// never changes; a deleted one is dropped when the change channel says so). Line numbers count in the text the
// trcaa-log: document shows (readShownText), so a highlighted line is the line mined.
import type { Services } from '../workbench/services';
import { readShownText } from '../attachments';
import { PatternCollector, type LogPatterns } from './logPatterns';

/** How many logs' patterns stay in memory (a 1 GB log's line index is tens of MB). */
const KEEP = 4;

export class PatternCache {
  private readonly mined = new Map<string, Promise<LogPatterns>>();

  constructor(private readonly services: Services) {}

  /** The log's patterns (mined on first use). */
  get(logId: string): Promise<LogPatterns> {
    let entry = this.mined.get(logId);
    if (entry) {
      // Most recently used last.
      this.mined.delete(logId);
      this.mined.set(logId, entry);
      return entry;
    }
    entry = this.mine(logId);
    entry.catch(() => this.mined.delete(logId));
    this.mined.set(logId, entry);
    while (this.mined.size > KEEP) this.mined.delete(this.mined.keys().next().value as string);
    return entry;
  }

  /** A pattern's occurrences: ascending 1-based line numbers (empty when the log has no such pattern). */
  async lines(logId: string, patternId: string): Promise<number[]> {
    return (await this.get(logId)).linesOf(patternId);
  }

  /** Forgets logs that were deleted (or everything, when what changed is not known). */
  forget(logIds: readonly string[] | 'all'): void {
    if (logIds === 'all') this.mined.clear();
    else for (const id of logIds) this.mined.delete(id);
  }

  private async mine(logId: string): Promise<LogPatterns> {
    const collector = new PatternCollector(logId);
    await readShownText(this.services, logId, (piece) => collector.push(piece));
    return collector.finish();
  }
}

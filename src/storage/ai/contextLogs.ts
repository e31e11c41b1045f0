// What a context needs from its logs' content, made before its one transaction: the index of notable lines (for
// the excerpts) and the patterns (for the summary that comes first) of each approved log it may use. Logs attached
// since mining exists are mined already; older ones (or ones mined by an older miner) are mined here once. A log
// whose content cannot be read is named and skipped: excerpts and summaries are a help, not the request.
import type { Database } from '../database';
import { LogPatternRepository } from '../repositories/logPatterns';
import type { RepositoryContext } from '../repositories/context';
import type { LineRange, ParsedPicks } from './gateInput';
import { hasCurrentIndex, type LogIndexer } from './logIndex';
import { OncePerLog } from './oncePerLog';

export interface Unprepared {
  id: string;
  reason: string;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One mining at a time per log, however many requests want it at once; a log that cannot be read, once. */
export class PatternMiner {
  private readonly once = new OncePerLog<void>();

  constructor(private readonly ctx: RepositoryContext) {}

  isMined(logFileId: string): boolean {
    return new LogPatternRepository(this.ctx).summary(logFileId) !== null;
  }

  ensure(logFileId: string): Promise<void> {
    if (this.isMined(logFileId)) return Promise.resolve();
    return this.once.run(logFileId, async () => void (await new LogPatternRepository(this.ctx).ensureMined(logFileId)));
  }
}

export interface ContextLog {
  id: string;
  /** Its automatic excerpts are wanted (else only its patterns: a picked log). */
  excerpts: boolean;
}

/**
 * The approved logs of the incident the context sums up, in the order attached: with automatic excerpts those
 * asked for (all by default), and the logs lines were picked from.
 */
export function contextLogs(db: Database, issueId: string, picks: ParsedPicks, ranges: readonly LineRange[], isApproved: (row: { id: string; redacted: number | null }) => boolean): ContextLog[] {
  const picked = new Set(ranges.map((range) => range.logId));
  return db
    .query<{ id: string; redacted: number | null }>('SELECT id, redacted FROM log_files WHERE issue_id = ? ORDER BY uploaded_at, rowid', [issueId])
    .map((row) => ({ row, excerpts: picks.autoLogExcerpts && (!picks.logIds || picks.logIds.includes(row.id)) }))
    .filter(({ row, excerpts }) => (excerpts || picked.has(row.id)) && isApproved(row))
    .map(({ row, excerpts }) => ({ id: row.id, excerpts }));
}

/** Builds what is missing; returns the logs left without an index of notable lines or without patterns, and why. */
export async function prepareContextLogs(db: Database, logs: readonly ContextLog[], indexer: LogIndexer, miner: PatternMiner): Promise<{ unindexed: Unprepared[]; unmined: Unprepared[] }> {
  const unindexed: Unprepared[] = [];
  const unmined: Unprepared[] = [];
  for (const { id, excerpts } of logs) {
    await miner.ensure(id).catch((error: unknown) => unmined.push({ id, reason: reason(error) }));
    if (excerpts && !hasCurrentIndex(db, id)) await indexer.ensure(id).catch((error: unknown) => unindexed.push({ id, reason: reason(error) }));
  }
  return { unindexed, unmined };
}

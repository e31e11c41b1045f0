// The index of a log's notable lines: every fatal, error (exception, stack frame) and warning line with its
// neighbours, grouped into blocks, with the time each happened. Built once per log content by one streamed pass
// (inflate → decode → lines) and kept in ai_log_index / ai_log_blocks, so building the context of a message never
// inflates the log again: a 200 MB log's excerpts come from a few thousand rows. The blocks hold the log's raw
// text (the database is where the log itself is): they are redacted by the log's PII spans whenever they are read.
import { LineSplitter, lineSeverity, lineTime, type TextLine } from '../../core/ai/logLines';
import { sqlTimestamp } from '../clock';
import type { Clock } from '../clock';
import { decodeLogPieces, prepareLogRead } from '../content/logContent';
import type { Database } from '../database';
import { OncePerLog } from './oncePerLog';

/** Bump when what is indexed changes: older indexes are rebuilt on next use. */
export const LOG_INDEX_VERSION = 1;
/** Lines kept before and after each notable line. */
export const NEIGHBOUR_LINES = 2;
/** A block is closed at this many lines (a long stack trace becomes several blocks). */
export const MAX_BLOCK_LINES = 40;
/** Code units of a line kept for excerpts; longer lines are cut (and shown with "…"). */
export const MAX_EXCERPT_LINE = 2000;
/** Per severity, the newest blocks kept: the index stays small whatever the log (fatal, error, warning). */
export const MAX_BLOCKS_PER_SEVERITY = 5000;

/** One line of a block: its offset from the block's start_offset, its text, cut or not. */
export type BlockLine = [delta: number, text: string, cut?: 1];

export interface LogBlock {
  firstLine: number;
  lastLine: number;
  startOffset: number;
  /** 3 fatal, 2 error, 1 warning: the most severe of its lines. */
  severity: number;
  /** When its first notable line happened (its own timestamp or the last one before it), ms; null when the log has none. */
  atMs: number | null;
  lines: BlockLine[];
}

export interface LogIndexInfo {
  logFileId: string;
  lineCount: number;
  notableLines: number;
  blocks: number;
  /** False when the index was already there. */
  built: boolean;
}

interface OpenBlock extends LogBlock {
  after: number;
}

/** Collects blocks from lines in order. */
class BlockCollector {
  private readonly before: TextLine[] = [];
  private open: OpenBlock | null = null;
  private lastTime: number | null = null;
  private readonly kept: LogBlock[][] = [[], [], [], []];
  lineCount = 0;
  notable = 0;

  line(line: TextLine): void {
    this.lineCount = line.number;
    const time = lineTime(line.text);
    if (time !== null) this.lastTime = time;
    const severity = lineSeverity(line.text);
    if (severity > 0) this.notable++;
    const open = this.open;
    if (open) {
      if (severity > 0) {
        this.add(open, line);
        open.severity = Math.max(open.severity, severity);
        open.after = NEIGHBOUR_LINES;
      } else if (open.after > 0) {
        this.add(open, line);
        open.after--;
      } else {
        this.close();
        this.remember(line);
        return;
      }
      if (open.lines.length >= MAX_BLOCK_LINES) this.close();
      return;
    }
    if (severity === 0) {
      this.remember(line);
      return;
    }
    const first = this.before[0] ?? line;
    const block: OpenBlock = { firstLine: first.number, lastLine: first.number, startOffset: first.start, severity, atMs: this.lastTime, lines: [], after: NEIGHBOUR_LINES };
    for (const earlier of this.before) this.add(block, earlier);
    this.before.length = 0;
    this.add(block, line);
    this.open = block;
  }

  /** The blocks kept: the newest MAX_BLOCKS_PER_SEVERITY of each severity, in log order. */
  finish(): LogBlock[] {
    this.close();
    return this.kept.flatMap((list) => list.slice(-MAX_BLOCKS_PER_SEVERITY)).sort((a, b) => a.firstLine - b.firstLine);
  }

  private remember(line: TextLine): void {
    this.before.push(line);
    if (this.before.length > NEIGHBOUR_LINES) this.before.shift();
  }

  private add(block: LogBlock, line: TextLine): void {
    block.lines.push(line.cut ? [line.start - block.startOffset, line.text, 1] : [line.start - block.startOffset, line.text]);
    block.lastLine = line.number;
  }

  private close(): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    const { after: _after, ...block } = open;
    const list = this.kept[block.severity] as LogBlock[];
    list.push(block);
    // Trimmed now and then, so memory stays bounded on a log that is all errors.
    if (list.length >= MAX_BLOCKS_PER_SEVERITY * 2) list.splice(0, list.length - MAX_BLOCKS_PER_SEVERITY);
  }
}

/** Whether the log has an index of its current content built by this version. */
export function hasCurrentIndex(db: Database, logFileId: string): boolean {
  return !!db.get(
    `SELECT 1 AS x FROM ai_log_index i JOIN log_files l ON l.id = i.log_file_id
      WHERE i.log_file_id = ? AND i.index_version = ? AND i.content_hash IS l.content_hash`,
    [logFileId, LOG_INDEX_VERSION],
  );
}

/** Reads the whole log once and stores its blocks (replacing an index of other content or an older version). */
export async function buildLogIndex(db: Database, clock: Clock, logFileId: string): Promise<LogIndexInfo> {
  const read = prepareLogRead(db, logFileId);
  const collector = new BlockCollector();
  const splitter = new LineSplitter((line) => collector.line(line), MAX_EXCERPT_LINE);
  for await (const piece of decodeLogPieces(read.content, read.row.file_name)) splitter.push(piece);
  splitter.end();
  const blocks = collector.finish();
  db.transaction(() => {
    // The log may have gone meanwhile: then there is nothing to index.
    const row = db.get<{ content_hash: string | null }>('SELECT content_hash FROM log_files WHERE id = ?', [read.row.id]);
    if (!row || row.content_hash !== read.row.content_hash) return;
    db.exec('DELETE FROM ai_log_index WHERE log_file_id = ?', [read.row.id]);
    db.exec('INSERT INTO ai_log_index(log_file_id, content_hash, index_version, line_count, notable_lines, built_at) VALUES (?, ?, ?, ?, ?, ?)', [
      read.row.id, read.row.content_hash ?? '', LOG_INDEX_VERSION, collector.lineCount, collector.notable, sqlTimestamp(clock.now()),
    ]);
    for (const block of blocks) {
      db.exec('INSERT INTO ai_log_blocks(log_file_id, first_line, last_line, start_offset, severity, at_ms, lines) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        read.row.id, block.firstLine, block.lastLine, block.startOffset, block.severity, block.atMs, JSON.stringify(block.lines),
      ]);
    }
  });
  return { logFileId: read.row.id, lineCount: collector.lineCount, notableLines: collector.notable, blocks: blocks.length, built: true };
}

/** One build at a time per log, however many requests want it at once. */
export class LogIndexer {
  /** One build at a time per log; a log that cannot be read, once. */
  private readonly once = new OncePerLog<LogIndexInfo>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async ensure(logFileId: string): Promise<LogIndexInfo> {
    if (hasCurrentIndex(this.db, logFileId)) {
      const row = this.db.get<{ line_count: number; notable_lines: number; blocks: number }>(
        'SELECT line_count, notable_lines, (SELECT count(*) FROM ai_log_blocks b WHERE b.log_file_id = i.log_file_id) AS blocks FROM ai_log_index i WHERE log_file_id = ?',
        [logFileId],
      );
      return { logFileId, lineCount: row?.line_count ?? 0, notableLines: row?.notable_lines ?? 0, blocks: row?.blocks ?? 0, built: false };
    }
    return this.once.run(logFileId, () => buildLogIndex(this.db, this.clock, logFileId));
  }
}

export interface BlockMeta {
  rowid: number;
  logFileId: string;
  firstLine: number;
  lastLine: number;
  severity: number;
  atMs: number | null;
}

/** The blocks of these logs without their text (for ranking). */
export function listBlocks(db: Database, logFileIds: readonly string[]): BlockMeta[] {
  return logFileIds.flatMap((id) =>
    db
      .query<{ rowid: number; first_line: number; last_line: number; severity: number; at_ms: number | null }>(
        'SELECT rowid, first_line, last_line, severity, at_ms FROM ai_log_blocks WHERE log_file_id = ?',
        [id],
      )
      .map((row) => ({ rowid: row.rowid, logFileId: id, firstLine: row.first_line, lastLine: row.last_line, severity: row.severity, atMs: row.at_ms })),
  );
}

/** A block's lines as TextLines (absolute offsets). */
export function blockLines(db: Database, rowid: number): TextLine[] {
  const row = db.get<{ first_line: number; start_offset: number; lines: string }>('SELECT first_line, start_offset, lines FROM ai_log_blocks WHERE rowid = ?', [rowid]);
  if (!row) return [];
  return (JSON.parse(row.lines) as BlockLine[]).map(([delta, text, cut], i) => ({ number: row.first_line + i, start: row.start_offset + delta, text, cut: cut === 1 }));
}

/** The lines from..to of one block that covers them entirely, or null (then the log is read). */
export function linesFromIndex(db: Database, logFileId: string, from: number, to: number): TextLine[] | null {
  if (!hasCurrentIndex(db, logFileId)) return null;
  const row = db.get<{ rowid: number }>('SELECT rowid FROM ai_log_blocks WHERE log_file_id = ? AND first_line <= ? AND last_line >= ? LIMIT 1', [logFileId, from, to]);
  return row ? blockLines(db, row.rowid).filter((line) => line.number >= from && line.number <= to) : null;
}

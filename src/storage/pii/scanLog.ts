// Scans a stored log: its content streamed from the database (inflated and decoded piece by piece, bounded
// memory), then the span set stored in one short transaction (storeScan keeps the review).
import type { PiiScanReport, ScanOptions } from '../../core/model/logFile';
import { idSchema, scanOptionsSchema } from '../../core/model/logFile';
import { decodeLogPieces, logNotFound, prepareLogRead } from '../content/logContent';
import { ContentError, parseInput } from '../content/errors';
import type { RepositoryContext } from '../repositories/context';
import { LogScan } from './scan';
import { storeScan } from './storeScan';

export async function scanStoredLog(ctx: RepositoryContext, logFileId: string, options: ScanOptions = {}): Promise<PiiScanReport> {
  const logId = parseInput(idSchema, logFileId, 'log file id');
  const { cancelFlag, ...detectorOptions } = parseInput(scanOptionsSchema, options, 'PII scan options');
  const read = prepareLogRead(ctx.db, logId);
  const scan = new LogScan(detectorOptions);
  for await (const piece of decodeLogPieces(read.content, read.row.file_name)) {
    if (cancelFlag && Atomics.load(cancelFlag, 0) !== 0) throw new ContentError('CANCELLED', `The PII scan of ${read.row.file_name} was cancelled; its spans are as they were.`, { id: logId });
    scan.push(piece);
  }
  const found = scan.end();
  return ctx.db.transaction(() => {
    // The log may have gone while it was being read.
    if (!ctx.db.get('SELECT 1 AS x FROM log_files WHERE id = ?', [logId])) throw logNotFound(logId);
    return storeScan(ctx, logId, found, scan.problems);
  });
}

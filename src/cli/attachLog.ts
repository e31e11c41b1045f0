// `trcaa-db attach`: a log attached from a script (logs collected from servers) exactly as the extension attaches
// it — the same pre-checks (core/attach/checkLogFile.ts) and the same streamed insertFromFile.
import path from 'node:path';
import { capBytes } from '../core/attach/attachHelpers';
import { checkLogFile } from '../core/attach/checkLogFile';
import type { Database } from '../storage/database';
import { migrations } from '../storage/migrations';
import { migrate } from '../storage/migrations/migrate';
import { minerWorkerIn } from '../storage/patterns/minerWorkerFile';
import { createStore } from '../storage/store';
import type { ParsedArgs } from './cliArgs';
import { UsageError } from './cliArgs';

export interface AttachReport {
  logFileId: string;
  issueId: string;
  fileName: string;
  /** Bytes of the log, and of its gzip as stored. */
  size: number;
  compressedSize: number;
  /** The same content was already attached to this issue: nothing new was stored. */
  duplicate: boolean;
  piiCounts: Record<string, number>;
  seconds: number;
}

function maxSizeMB(args: ParsedArgs): number | undefined {
  const value = args.options.get('max-size-mb');
  if (value === undefined) return undefined;
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError('--max-size-mb takes a positive number of MB');
  return mb;
}

/** Attaches `file` to the issue and closes the database. */
export async function attachLog(db: Database, issueId: string, file: string, args: ParsedArgs): Promise<AttachReport> {
  try {
    const started = process.hrtime.bigint();
    const { real, fileName } = await checkLogFile(file, capBytes(maxSizeMB(args)));
    migrate(db, migrations);
    const minerWorkerFile = minerWorkerIn(__dirname);
    const store = createStore(db, minerWorkerFile ? { minerWorkerFile } : {});
    const result = await store.logFiles.insertFromFile(issueId, real, { fileName, workspacePath: path.resolve(file) });
    const counts = result.duplicate ? store.piiSpans.countsByType(result.logFile.id) : (result.pii?.countsByType ?? {});
    return {
      logFileId: result.logFile.id,
      issueId,
      fileName,
      size: result.logFile.fileSize ?? 0,
      compressedSize: result.logFile.compressedSize ?? 0,
      duplicate: result.duplicate,
      piiCounts: counts,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    db.close();
  }
}

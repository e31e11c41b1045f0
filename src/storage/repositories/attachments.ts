// Attachments across incidents: the seed's views v_log_files_with_issue and v_image_attachments_with_issue,
// which name their columns so lists never carry a BLOB.
import type { ImageAttachmentWithIssue } from '../../core/model/image';
import type { AttachmentListOptions, AttachmentPage, LogFileWithIssue } from '../../core/model/logFile';
import { attachmentListOptionsSchema } from '../../core/model/logFile';
import type { SqlValue } from '../database';
import { parseInput } from '../content/errors';
import type { RepositoryContext } from './context';
import type { ImageBaseRow } from './images';
import { imageFields } from './images';
import type { LogFileBaseRow } from './logFiles';
import { logFileFields } from './logFiles';

type WithTitle<T> = T & { issue_title: string };

/** A LIKE pattern that matches `text` literally anywhere (LIKE is case-insensitive for ASCII). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class AttachmentRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Logs of every incident, newest first, with their issue's title. */
  listLogs(options: AttachmentListOptions = {}): AttachmentPage<LogFileWithIssue> {
    const page = this.page<WithTitle<LogFileBaseRow>>('v_log_files_with_issue', options);
    return { total: page.total, rows: page.rows.map((row) => ({ ...logFileFields(row), issueTitle: row.issue_title })) };
  }

  /** Images of every incident, newest first, with their issue's title. */
  listImages(options: AttachmentListOptions = {}): AttachmentPage<ImageAttachmentWithIssue> {
    const page = this.page<WithTitle<ImageBaseRow>>('v_image_attachments_with_issue', options);
    return { total: page.total, rows: page.rows.map((row) => ({ ...imageFields(row), issueTitle: row.issue_title })) };
  }

  private page<T extends object>(view: 'v_log_files_with_issue' | 'v_image_attachments_with_issue', options: AttachmentListOptions): { rows: T[]; total: number } {
    const { nameFilter, limit, offset } = parseInput(attachmentListOptionsSchema, options, 'list options');
    const filter = nameFilter?.trim();
    const where = filter ? "WHERE file_name LIKE ? ESCAPE '\\'" : '';
    const params: SqlValue[] = filter ? [containsPattern(filter)] : [];
    const { db } = this.ctx;
    return db.transaction(
      () => ({
        total: db.get<{ n: number }>(`SELECT count(*) AS n FROM ${view} ${where}`, params)?.n ?? 0,
        // Ids are UUID v7: within one second they order by time too.
        rows: db.query<T>(`SELECT * FROM ${view} ${where} ORDER BY uploaded_at DESC, id DESC LIMIT ? OFFSET ?`, [...params, limit, offset]),
      }),
      'deferred',
    );
  }
}

/** The methods the main thread may call (see store.ts). */
export const ATTACHMENT_REMOTE = ['listLogs', 'listImages'] as const satisfies readonly (keyof AttachmentRepository)[];

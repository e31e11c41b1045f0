// Attachments across incidents: the seed's views v_log_files_with_issue and v_image_attachments_with_issue,
// which name their columns so lists never carry a BLOB.
import type { ImageAttachmentWithIssue } from '../../core/model/image';
import type { AttachmentListOptions, AttachmentPage, LogFileWithIssue } from '../../core/model/logFile';
import { attachmentListOptionsSchema } from '../../core/model/logFile';
import type { SqlValue } from '../database';
import { parseInput } from '../content/errors';
import type { RepositoryContext } from './context';

interface LogViewRow {
  id: string;
  issue_id: string;
  file_name: string;
  file_path: string;
  file_size: number | null;
  mime_type: string | null;
  content_hash: string | null;
  uploaded_at: string;
  redacted: number | null;
  issue_title: string;
}

interface ImageViewRow {
  id: string;
  issue_id: string;
  file_name: string;
  file_path: string;
  file_size: number;
  mime_type: string;
  upload_hash: string;
  uploaded_at: string;
  pii_warning_acknowledged: number;
  is_paste: number;
  issue_title: string;
}

/** A LIKE pattern that matches `text` literally anywhere (LIKE is case-insensitive for ASCII). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class AttachmentRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Logs of every incident, newest first, with their issue's title. */
  listLogs(options: AttachmentListOptions = {}): AttachmentPage<LogFileWithIssue> {
    const page = this.page<LogViewRow>('v_log_files_with_issue', options);
    return {
      total: page.total,
      rows: page.rows.map((row) => ({
        id: row.id,
        issueId: row.issue_id,
        fileName: row.file_name,
        filePath: row.file_path,
        fileSize: row.file_size,
        mimeType: row.mime_type,
        contentHash: row.content_hash,
        uploadedAt: row.uploaded_at,
        redacted: row.redacted === 1,
        issueTitle: row.issue_title,
      })),
    };
  }

  /** Images of every incident, newest first, with their issue's title. */
  listImages(options: AttachmentListOptions = {}): AttachmentPage<ImageAttachmentWithIssue> {
    const page = this.page<ImageViewRow>('v_image_attachments_with_issue', options);
    return {
      total: page.total,
      rows: page.rows.map((row) => ({
        id: row.id,
        issueId: row.issue_id,
        fileName: row.file_name,
        filePath: row.file_path,
        fileSize: row.file_size,
        mimeType: row.mime_type,
        uploadHash: row.upload_hash,
        uploadedAt: row.uploaded_at,
        piiWarningAcknowledged: row.pii_warning_acknowledged === 1,
        isPaste: row.is_paste === 1,
        issueTitle: row.issue_title,
      })),
    };
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

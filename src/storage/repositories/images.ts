// Image attachments: bytes in the database (already compressed formats, stored as they are), deduplicated by
// SHA-256 per issue, at most 10 MiB each.
import { createHash } from 'node:crypto';
import type { ImageAttachment, ImageMeta, InsertImageResult } from '../../core/model/image';
import { imageMetaSchema, MAX_IMAGE_BYTES } from '../../core/model/image';
import { idSchema } from '../../core/model/logFile';
import { sqlTimestamp } from '../clock';
import { ContentError, parseInput } from '../content/errors';
import { sniffImageMime } from '../content/mime';
import { newId } from '../ids';
import type { RepositoryContext } from './context';

/** The columns every list of images has (the table, and the seed's view v_image_attachments_with_issue). */
export interface ImageBaseRow {
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
}

interface ImageRow extends ImageBaseRow {
  has_data: number;
}

const COLUMNS = 'id, issue_id, file_name, file_path, file_size, mime_type, upload_hash, uploaded_at, pii_warning_acknowledged, is_paste, image_data IS NOT NULL AS has_data';

export const imageFields = (row: ImageBaseRow): Omit<ImageAttachment, 'hasData'> => ({
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
});

const toImage = (row: ImageRow): ImageAttachment => ({ ...imageFields(row), hasData: row.has_data === 1 });

/**
 * SVG by its content: XML (after an optional BOM, XML declaration, comments and doctype) whose root element is
 * <svg>. Accepted because it is only ever shown as an image (VS Code's image preview puts it in an <img>, where
 * scripts do not run), never inlined as markup.
 */
function isSvg(bytes: Uint8Array): boolean {
  let text = Buffer.from(bytes.subarray(0, 4096)).toString('utf8').replace(/^\uFEFF/, '');
  const prolog = /^\s*(<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)/i;
  for (let m = prolog.exec(text); m; m = prolog.exec(text)) text = text.slice(m[0].length);
  return /^\s*<svg[\s>/]/.test(text);
}

const notFound = (id: string) => new ContentError('NOT_FOUND', `No image ${id}: it may have been deleted.`, { id });

export class ImageRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  insert(issueId: string, bytes: Uint8Array, meta: ImageMeta): InsertImageResult {
    const id = parseInput(idSchema, issueId, 'issue id');
    const input = parseInput(imageMetaSchema, meta, 'image details');
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new ContentError('INVALID_CONTENT', `${input.fileName} is empty.`);
    if (bytes.length > MAX_IMAGE_BYTES) {
      throw new ContentError('CONTENT_TOO_LARGE', `${input.fileName} is ${(bytes.length / (1024 * 1024)).toFixed(1)} MiB; an image may be at most 10 MiB.`, {
        limit: MAX_IMAGE_BYTES,
        size: bytes.length,
      });
    }
    // The bytes decide the type: a webview shows it with that type, so a mislabelled file must not pass.
    const mimeType = sniffImageMime(bytes) ?? (isSvg(bytes) ? 'image/svg+xml' : undefined);
    if (!mimeType) throw new ContentError('INVALID_CONTENT', `${input.fileName} is not a PNG, JPEG, GIF, WebP, BMP or SVG image.`, { declared: input.mimeType });
    const uploadHash = createHash('sha256').update(bytes).digest('hex');
    const { db, audit, clock } = this.ctx;
    return db.transaction(() => {
      if (!db.get('SELECT 1 AS x FROM issues WHERE id = ?', [id])) throw new ContentError('NOT_FOUND', `No issue ${id}: it may have been deleted.`, { id });
      const existing = db.get<ImageRow>(`SELECT ${COLUMNS} FROM image_attachments WHERE issue_id = ? AND upload_hash = ? ORDER BY rowid LIMIT 1`, [id, uploadHash]);
      if (existing) return { image: toImage(existing), duplicate: true };
      const row: ImageRow = {
        id: newId(),
        issue_id: id,
        file_name: input.fileName,
        file_path: input.filePath ?? '',
        file_size: bytes.length,
        mime_type: mimeType,
        upload_hash: uploadHash,
        uploaded_at: sqlTimestamp(clock.now()),
        pii_warning_acknowledged: input.piiWarningAcknowledged ? 1 : 0,
        is_paste: input.isPaste ? 1 : 0,
        has_data: 1,
      };
      db.exec(
        `INSERT INTO image_attachments(id, issue_id, file_name, file_path, file_size, mime_type, upload_hash, uploaded_at, pii_warning_acknowledged, is_paste, image_data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [row.id, row.issue_id, row.file_name, row.file_path, row.file_size, row.mime_type, row.upload_hash, row.uploaded_at, row.pii_warning_acknowledged, row.is_paste, bytes],
      );
      db.recordChange({ entity: 'image', kind: 'created', ids: [row.id], issueId: id });
      audit.append({
        action: 'image.attached',
        entityType: 'image_attachment',
        entityId: row.id,
        details: { issue_id: id, file_name: row.file_name, file_size: row.file_size, mime_type: mimeType, upload_hash: uploadHash, is_paste: input.isPaste ?? false },
      });
      return { image: toImage(row), duplicate: false };
    });
  }

  get(id: string): ImageAttachment | null {
    const row = this.ctx.db.get<ImageRow>(`SELECT ${COLUMNS} FROM image_attachments WHERE id = ?`, [parseInput(idSchema, id, 'image id')]);
    return row ? toImage(row) : null;
  }

  /** The image's bytes (at most 10 MiB, so returned whole). */
  data(id: string): Uint8Array {
    const imageId = parseInput(idSchema, id, 'image id');
    const row = this.ctx.db.get<{ data: unknown; file_name: string; file_path: string }>('SELECT image_data AS data, file_name, file_path FROM image_attachments WHERE id = ?', [imageId]);
    if (!row) throw notFound(imageId);
    if (row.data === null) {
      throw new ContentError('NO_CONTENT', `${row.file_name} was attached before TRCAA kept image bytes; it can only be read from ${row.file_path}.`, { id: imageId, filePath: row.file_path });
    }
    if (!(row.data instanceof Uint8Array)) throw new ContentError('CORRUPT_CONTENT', `The stored bytes of ${row.file_name} are not binary data.`, { id: imageId });
    return row.data;
  }

  /** The issue's images in upload order, without their bytes. */
  listForIssue(issueId: string): ImageAttachment[] {
    return this.ctx.db
      .query<ImageRow>(`SELECT ${COLUMNS} FROM image_attachments WHERE issue_id = ? ORDER BY uploaded_at, rowid`, [parseInput(idSchema, issueId, 'issue id')])
      .map(toImage);
  }

  /** False when there was no such image. */
  delete(id: string): boolean {
    const imageId = parseInput(idSchema, id, 'image id');
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      const row = db.get<ImageRow>(`SELECT ${COLUMNS} FROM image_attachments WHERE id = ?`, [imageId]);
      if (!row) return false;
      db.exec('DELETE FROM image_attachments WHERE id = ?', [imageId]);
      db.recordChange({ entity: 'image', kind: 'deleted', ids: [imageId], issueId: row.issue_id });
      audit.append({ action: 'image.deleted', entityType: 'image_attachment', entityId: imageId, details: { issue_id: row.issue_id, file_name: row.file_name, upload_hash: row.upload_hash } });
      return true;
    });
  }
}

/** The methods the main thread may call (see store.ts). */
export const IMAGE_REMOTE = ['insert', 'get', 'data', 'listForIssue', 'delete'] as const satisfies readonly (keyof ImageRepository)[];

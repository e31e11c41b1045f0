// Image attachments (screenshots, pasted images): validated inputs and the rows returned (never the bytes).
import { z } from 'zod';
import { MAX_FILE_NAME_LENGTH, MAX_PATH_LENGTH, mimeTypeSchema } from './logFile';

/** Images are kept as they are (already compressed); one may be at most 10 MiB. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export const imageMetaSchema = z.object({
  fileName: z.string().trim().min(1).max(MAX_FILE_NAME_LENGTH),
  filePath: z.string().max(MAX_PATH_LENGTH).optional(),
  /** What the caller believes; the stored type is the one the bytes prove (PNG, JPEG, GIF, WebP, BMP). */
  mimeType: mimeTypeSchema.refine((m) => m.toLowerCase().startsWith('image/'), 'not an image type'),
  isPaste: z.boolean().optional(),
  /** The user confirmed the image may show personal data (images are not scanned for PII). */
  piiWarningAcknowledged: z.boolean(),
});
export type ImageMeta = z.input<typeof imageMetaSchema>;

export interface ImageAttachment {
  id: string;
  issueId: string;
  fileName: string;
  filePath: string;
  fileSize: number;
  mimeType: string;
  /** SHA-256 hex of the bytes. */
  uploadHash: string;
  uploadedAt: string;
  piiWarningAcknowledged: boolean;
  isPaste: boolean;
  /** False for rows from before the seed stored bytes (migration 021): read filePath instead. */
  hasData: boolean;
}

export interface InsertImageResult {
  image: ImageAttachment;
  /** The same bytes were already attached to this issue: that row is returned and nothing was written. */
  duplicate: boolean;
}

/** A row of the cross-incident view v_image_attachments_with_issue. */
export interface ImageAttachmentWithIssue extends Omit<ImageAttachment, 'hasData'> {
  issueTitle: string;
}

// Documents: generated RCAs and post-mortems in Markdown, with INTEGER millisecond timestamps (the seed's).
import { z } from 'zod';

export const DOC_TYPES = ['rca', 'postmortem'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const MAX_DOCUMENT_TITLE = 500;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const contentMdSchema = z.string().refine((text) => Buffer.byteLength(text, 'utf8') <= MAX_DOCUMENT_BYTES, `content must be at most ${MAX_DOCUMENT_BYTES} bytes of UTF-8`);
const titleSchema = z.string().trim().min(1).max(MAX_DOCUMENT_TITLE);

export const createDocumentSchema = z.object({
  docType: z.enum(DOC_TYPES),
  title: titleSchema,
  contentMd: contentMdSchema,
});
export type CreateDocumentInput = z.input<typeof createDocumentSchema>;

export const updateDocumentSchema = z
  .object({ title: titleSchema.optional(), contentMd: contentMdSchema.optional() })
  .refine((input) => input.title !== undefined || input.contentMd !== undefined, 'nothing to update: give title or contentMd');
export type UpdateDocumentInput = z.input<typeof updateDocumentSchema>;

export interface DocumentSummary {
  id: string;
  issueId: string;
  docType: DocType | string;
  title: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
}

export interface Document extends DocumentSummary {
  contentMd: string;
}

// Attachments across incidents: the seed's views v_log_files_with_issue and v_image_attachments_with_issue.
import type { RepositoryContext } from './context';

export class AttachmentRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const ATTACHMENT_REMOTE = [] as const satisfies readonly (keyof AttachmentRepository)[];

// Image attachments: bytes in the database, deduplicated by hash per issue.
import type { RepositoryContext } from './context';

export class ImageRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const IMAGE_REMOTE = [] as const satisfies readonly (keyof ImageRepository)[];

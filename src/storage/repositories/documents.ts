// Documents (RCA, post-mortem): INTEGER millisecond timestamps.
import type { RepositoryContext } from './context';

export class DocumentRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const DOCUMENT_REMOTE = [] as const satisfies readonly (keyof DocumentRepository)[];

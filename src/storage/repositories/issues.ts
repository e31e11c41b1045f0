// Issues: create, update, status transitions, delete with cascade, list, counts, full-text search.
import type { RepositoryContext } from './context';

export class IssueRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const ISSUE_REMOTE = [] as const satisfies readonly (keyof IssueRepository)[];

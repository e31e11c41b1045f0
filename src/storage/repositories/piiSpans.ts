// PII spans found in a log file.
import type { RepositoryContext } from './context';

export class PiiSpanRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const PII_SPAN_REMOTE = [] as const satisfies readonly (keyof PiiSpanRepository)[];

// Resolution steps: the 5 Whys (step_order 1-5).
import type { RepositoryContext } from './context';

export class ResolutionStepRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const STEP_REMOTE = [] as const satisfies readonly (keyof ResolutionStepRepository)[];

// MCP servers and the tools and resources discovered on them (replaced atomically).
import type { RepositoryContext } from './context';

export class McpRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const MCP_REMOTE = [] as const satisfies readonly (keyof McpRepository)[];

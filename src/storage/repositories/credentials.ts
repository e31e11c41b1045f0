// Integration credentials (AES-256-GCM) and integration configuration, one per service.
import type { RepositoryContext } from './context';

export class CredentialRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const CREDENTIAL_REMOTE = [] as const satisfies readonly (keyof CredentialRepository)[];

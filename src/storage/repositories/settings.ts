// Settings: key/value pairs.
import type { RepositoryContext } from './context';

export class SettingsRepository {
  constructor(protected readonly ctx: RepositoryContext) {}
}

/** The methods the main thread may call (see store.ts). */
export const SETTINGS_REMOTE = [] as const satisfies readonly (keyof SettingsRepository)[];

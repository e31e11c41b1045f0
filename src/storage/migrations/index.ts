import type { Migration } from './migrate';
import { ourMigrations } from './ourMigrations';
import { seedMigrations } from './seedMigrations';

/** Every migration the project has, in the order of their numbers. */
export const migrations: readonly Migration[] = [...seedMigrations, ...ourMigrations].sort((a, b) => a.name.localeCompare(b.name));

import type { Migration } from './migrate';

/**
 * Every migration the project has, in order. The seed's schema (001–022) lands with the repositories
 * (issue «The seed's schema and typed repositories»); until then a new database holds only _migrations.
 */
export const migrations: readonly Migration[] = [];

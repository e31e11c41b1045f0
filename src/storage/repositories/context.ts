import type { ChunkingOptions } from '../content/contentChunks';
import type { Clock } from '../clock';
import type { Database } from '../database';
import type { AuditLog } from './auditLog';
import type { TimelineRepository } from './timeline';

/** What every repository is built with. */
export interface RepositoryContext {
  db: Database;
  audit: AuditLog;
  timeline: TimelineRepository;
  clock: Clock;
  /** AES-256 key for integration credentials; absent: credentials cannot be read or saved. */
  credentialKey?: Buffer;
  /** The bundled log-pattern mining thread (dist/logMiner.js); absent, attaches mine in their own thread. */
  minerWorkerFile?: string;
  /** When a log's content is stored in chunks, and their size (contentChunks.ts defaults; tests use small ones). */
  contentChunking?: ChunkingOptions;
}

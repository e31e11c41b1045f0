import { hkdfSync } from 'node:crypto';
import type { CipherKeys } from './sqlcipherCodec';

/** The key of an encrypted database's journal: derived from both page keys, never usable for pages. */
export function deriveJournalKey(keys: CipherKeys, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.concat([keys.encryptionKey, keys.hmacKey]), salt, 'trcaa rollback journal v1', 32));
}

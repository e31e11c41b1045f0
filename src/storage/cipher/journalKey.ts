import { hkdfSync } from 'node:crypto';
import type { CipherKeys } from './sqlcipherCodec';

/**
 * The key of our earlier journal format (blockCipherFile.ts: super-journals, and hot journals an earlier TRCAA left):
 * derived from both page keys, never usable for pages. Rollback journals are now in SQLCipher's layout, under the page keys.
 */
export function deriveJournalKey(keys: CipherKeys, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.concat([keys.encryptionKey, keys.hmacKey]), salt, 'trcaa rollback journal v1', 32));
}

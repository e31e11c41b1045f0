// Typed storage errors: every failure a user can meet has its own code and a message that says what to do.

export type StorageErrorCode =
  | 'WRONG_KEY' // the key does not open this file (or it is not an encrypted TRCAA/SQLCipher database)
  | 'PLAIN_DATABASE' // a plain SQLite file was opened with a key
  | 'ENCRYPTED_DATABASE' // an encrypted file was opened as plain
  | 'NOT_A_DATABASE' // neither plain SQLite nor a file our key decrypts
  | 'TRUNCATED' // the file's size is not a whole number of pages
  | 'CORRUPT_PAGE' // a page failed its HMAC: changed on disk after it was written
  | 'CORRUPT_JOURNAL' // a hot rollback journal is damaged: rolling it back (or ignoring it) would keep half a transaction
  | 'MISSING_KEY' // no key available for an encrypted database
  | 'BAD_KEY_FORMAT' // a raw key that is not x'<64 hex>'
  | 'REPLACED' // another process re-keyed or replaced the file under an open connection
  | 'BUSY' // another process holds the database longer than the busy timeout
  | 'IN_USE' // another program (the sqlcipher CLI, DB Browser) is writing the file at the same time
  | 'HARD_LINKED' // the file has more than one name (hard link): each would get its own journal
  | 'IO' // the file system failed
  | 'SQL'; // SQLite reported an error in a statement

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly details: { page?: number; file?: string; sqliteCode?: number } = {},
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

import path from 'node:path';

/** The database file's name inside the storage folder: the desktop app's name, kept so its files are familiar. */
export const DATABASE_FILE_NAME = 'tftsr.db';

export function databaseFile(storageFolder: string): string {
  return path.join(storageFolder, DATABASE_FILE_NAME);
}

// The database commands: registered at activation, run once the database commands have loaded.
export const DATABASE_COMMANDS = [
  'trcaa.unlockDatabase',
  'trcaa.showRecoveryKey',
  'trcaa.changeDatabaseKey',
  'trcaa.chooseDatabaseFile',
  'trcaa.moveDatabaseAside',
  'trcaa.checkDatabase',
  'trcaa.importDesktopDatabase',
  'trcaa.showDiagnostics',
] as const;

export type DatabaseCommand = (typeof DATABASE_COMMANDS)[number];

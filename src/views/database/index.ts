// The database commands: recovery key, re-key, unlock, choose or move aside a file, integrity, desktop import,
// diagnostics. Registered at activation (contributeDatabase), loaded on first use.
export { contributeDatabase } from './contributeDatabase';

// Opens the database once, on first use, with the key the policy decides (storage/keys/keyPolicy.ts), and turns
// every failure into a way forward for the user. A database that exists but cannot be opened is never replaced:
// the user enters the recovery key or passphrase, picks another file, or moves the unreadable one aside.
import path from 'node:path';
import * as vscode from 'vscode';
import type { DatabaseKey } from '../../storage/cipher/databaseKey';
import { keyFromSqlCipherString } from '../../storage/cipher/databaseKey';
import type { DatabaseStatus, Progress } from '../../storage/engine/protocol';
import { EngineError, toWireKey } from '../../storage/engine/protocol';
import type { ExtensionModeName, KeySource, SecretStore } from '../../storage/keys/keyPolicy';
import { DATABASE_KEY_SECRET, decideDatabaseKey, keyFromEnvironment, PENDING_KEY_SECRET, secretForm } from '../../storage/keys/keyPolicy';
import { decideCredentialKey } from '../../storage/keys/credentialKey';
import type { Services } from './services';
import { databaseLocation } from './databaseLocation';

export interface OpenDatabase {
  status: DatabaseStatus;
  key: DatabaseKey;
  source: KeySource;
  variable?: string;
}

/** Errors that mean "this file will not open with what we have": the recovery choices apply. */
const UNREADABLE = new Set(['WRONG_KEY', 'MISSING_KEY', 'ENCRYPTED_DATABASE', 'TRUNCATED', 'CORRUPT_PAGE', 'NOT_A_DATABASE', 'CORRUPT_JOURNAL', 'HARD_LINKED']);

export class DatabaseSession {
  private opening: Promise<OpenDatabase> | undefined;

  constructor(private readonly services: Services) {}

  /**
   * Another database (or the same file, unlocked or started afresh) is now behind the views: they reload, as after
   * another window's write. Called once the switch is complete (after Move Aside's rename, not before).
   */
  switched(): void {
    this.services.changes.fire({ changes: [], external: true });
  }

  /** The prompts the database commands show (the UI port: replaceable in Test mode). */
  get ui(): Services['ui'] {
    return this.services.ui;
  }

  get file(): string {
    return databaseLocation(this.services.context);
  }

  private get mode(): ExtensionModeName {
    return vscode.ExtensionMode[this.services.context.extensionMode] as ExtensionModeName;
  }

  /**
   * Before the database opens, the welcome text says what it will be: plain in Development mode without a key in
   * the environment (an encrypted file met there is corrected when it opens).
   */
  expectKind(): Promise<unknown> {
    return showDatabaseKind(!(this.mode === 'Development' && !keyFromEnvironment(process.env)));
  }

  /** The open database; the first call opens it (and, in an encrypted mode, encrypts a plain one). */
  ready(): Promise<OpenDatabase> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = undefined;
      if (isUnreadable(error)) void this.offerRecovery(error as Error);
      throw error;
    });
    return this.opening;
  }

  /** Forget the open database (after a key change, another file, or moving it aside). */
  async reset(): Promise<void> {
    this.opening = undefined;
    await this.services.engine.close();
  }

  private async open(): Promise<OpenDatabase> {
    const { engine, context, log } = this.services;
    const file = this.file;
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(file)));
    const state = await engine.inspect(file);
    // TRCAA creates a database file in one step with its first page (storage/createDatabaseFile.ts), so a 0-byte
    // file is never its own interrupted creation: refused before any key is made for it; the recovery choices
    // (move it aside, pick another file) follow, and nothing is created over it.
    if (state.kind === 'empty') throw new EngineError(`${file} is empty (0 bytes), so it is not a database.`, 'NOT_A_DATABASE');
    const decision = await decideDatabaseKey({ env: process.env, mode: this.mode, secrets: secretStore(context.secrets), file: state });
    if (decision.kind === 'missing') throw new EngineError(decision.reason, 'MISSING_KEY');
    if (decision.convertPlain) await this.encryptPlain(file, decision.key);
    try {
      const status = await engine.open({ file, key: toWireKey(decision.key), credentialKeyHex: await this.credentialKeyHex() });
      log.info(`[database] opened ${file} (${status.encrypted ? `encrypted, key from ${decision.source}` : 'plain'})`);
      await showsPlain(status);
      return { status, key: decision.key, source: decision.source, ...(decision.variable ? { variable: decision.variable } : {}) };
    } catch (error) {
      // A re-key interrupted between its rename and promoting the new key: the pending key opens the file.
      const pending = await context.secrets.get(PENDING_KEY_SECRET);
      if (!(error instanceof EngineError && error.code === 'WRONG_KEY' && pending)) throw error;
      const key = keyFromSqlCipherString(pending);
      const status = await engine.open({ file, key: toWireKey(key), create: false, credentialKeyHex: await this.credentialKeyHex() });
      await context.secrets.store(DATABASE_KEY_SECRET, pending);
      await context.secrets.delete(PENDING_KEY_SECRET);
      log.warn('[database] finished an interrupted key change: the new key is now the database key');
      await showsPlain(status);
      return { status, key, source: 'secret-storage' };
    }
  }

  /** The credentials key (its own, apart from the database key) goes with every open: tokens stay readable. */
  private async credentialKeyHex(): Promise<string> {
    const decision = await decideCredentialKey({ env: process.env, secrets: secretStore(this.services.context.secrets) });
    if (decision.warning) this.services.log.warn(`[database] ${decision.warning}`);
    return decision.key.toString('hex');
  }

  private async encryptPlain(file: string, key: DatabaseKey): Promise<void> {
    const result = await withEngineProgress(this.services, 'TRCAA: encrypting the database', (engine) => engine.encryptPlainFile(file, toWireKey(key)));
    this.services.log.warn(`[database] encrypted the plain database ${file}; the plain original is kept at ${result.backupFile}`);
    if (result.backupFile) {
      const backup = result.backupFile;
      void vscode.window
        .showWarningMessage(`TRCAA encrypted its database. The unencrypted original was kept at ${backup} — delete it once you no longer need it.`, 'Delete Backup')
        .then(async (choice) => {
          if (choice === 'Delete Backup') await vscode.workspace.fs.delete(vscode.Uri.file(backup));
        });
    }
  }

  /** Opens the file with a key the user gave (recovery key or passphrase) and keeps that key for next time. */
  async unlock(key: DatabaseKey): Promise<OpenDatabase> {
    const { engine, context } = this.services;
    this.opening = undefined;
    const status = await engine.open({ file: this.file, key: toWireKey(key), create: false, credentialKeyHex: await this.credentialKeyHex() });
    if (key.kind !== 'plain') await context.secrets.store(DATABASE_KEY_SECRET, secretForm(key));
    const opened: OpenDatabase = { status, key, source: 'secret-storage' };
    await showsPlain(status);
    this.opening = Promise.resolve(opened);
    return opened;
  }

  /** Re-encrypts under `newKey`; the new key is kept as pending until the new file is in place. */
  async changeKey(newKey: DatabaseKey): Promise<OpenDatabase> {
    const { context } = this.services;
    await this.ready();
    await context.secrets.store(PENDING_KEY_SECRET, secretForm(newKey));
    try {
      const status = await withEngineProgress(this.services, 'TRCAA: re-encrypting the database', (engine) => engine.rekey(toWireKey(newKey)));
      await context.secrets.store(DATABASE_KEY_SECRET, secretForm(newKey));
      const opened: OpenDatabase = { status, key: newKey, source: 'secret-storage' };
      this.opening = Promise.resolve(opened);
      return opened;
    } finally {
      await context.secrets.delete(PENDING_KEY_SECRET);
    }
  }

  private async offerRecovery(error: Error): Promise<void> {
    const choice = await this.services.ui.showErrorMessage(
      `TRCAA cannot open its database: ${error.message} Nothing was changed.`,
      'Enter Recovery Key or Passphrase…',
      'Choose Another Database File…',
      'Move Unreadable File Aside…',
    );
    const commands: Record<string, string> = {
      'Enter Recovery Key or Passphrase…': 'trcaa.unlockDatabase',
      'Choose Another Database File…': 'trcaa.chooseDatabaseFile',
      'Move Unreadable File Aside…': 'trcaa.moveDatabaseAside',
    };
    if (choice) await vscode.commands.executeCommand(commands[choice] as string);
  }
}

/** `trcaa.database.plain` / `.encrypted` pick the welcome text that says which (package.json viewsWelcome). */
function showsPlain(status: DatabaseStatus): Promise<unknown> {
  return showDatabaseKind(status.encrypted);
}

function showDatabaseKind(encrypted: boolean): Promise<unknown> {
  return Promise.all([
    vscode.commands.executeCommand('setContext', 'trcaa.database.plain', !encrypted),
    vscode.commands.executeCommand('setContext', 'trcaa.database.encrypted', encrypted),
  ]);
}

/** VS Code's SecretStorage as the pure key policy sees it. */
function secretStore(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: async (name) => secrets.get(name),
    store: async (name, value) => secrets.store(name, value),
    delete: async (name) => secrets.delete(name),
  };
}

export function isUnreadable(error: unknown): boolean {
  return error instanceof EngineError && UNREADABLE.has(error.code ?? '');
}

/** Runs long engine work in a progress notification that shows what the worker reports. */
export function withEngineProgress<T>(services: Services, title: string, work: (engine: Services['engine']) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async (progress) => {
    let reported = 0;
    const engine = services.engineWithProgress((p: Progress) => {
      const increment = p.fraction === undefined ? undefined : Math.max(0, p.fraction * 100 - reported);
      if (increment !== undefined) reported += increment;
      progress.report({ message: p.message, ...(increment !== undefined ? { increment } : {}) });
    });
    return work(engine);
  });
}

import type * as vscode from 'vscode';
import type { AsyncEngine, Progress } from '../../storage/engine/protocol';
import type { RemoteStore } from '../../storage/store';
import type { ChangeChannel } from './changeChannel';
import type { UiPort } from './ui';

/** What commands and views are given: built once in activate(), nothing started until first use. */
export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  engine: AsyncEngine;
  /** The engine, reporting each call's progress (re-key, encrypt). */
  engineWithProgress(onProgress: (progress: Progress) => void): AsyncEngine;
  /**
   * The repositories, once the database is open: the first call opens it (asking for a key if needed).
   * Views and commands use this, never SQL.
   */
  store(): Promise<RemoteStore>;
  /** Every change to the database (this window's writes, another window's or process's): views refresh from it. */
  changes: ChangeChannel;
  /** Every prompt (modal, QuickPick, input box, dialog): VS Code's own, replaceable in Test mode. */
  ui: UiPort;
}

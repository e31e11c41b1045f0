import type * as vscode from 'vscode';
import type { AsyncEngine, Progress } from '../../storage/engine/protocol';
import type { RemoteStore } from '../../storage/store';

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
}

import type * as vscode from 'vscode';
import type { AsyncEngine, Progress } from './storage/engine/protocol';

/** What commands and views are given: built once in activate(), nothing started until first use. */
export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  engine: AsyncEngine;
  /** The engine, reporting each call's progress (re-key, encrypt). */
  engineWithProgress(onProgress: (progress: Progress) => void): AsyncEngine;
}

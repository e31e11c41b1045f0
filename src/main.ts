// What VS Code loads (package.json "main" → dist/main.js). It is kept to a few lines so that activation — what
// Developer: Show Running Extensions reports — costs next to nothing: the workbench (every feature, zod,
// markdown-it: dist/extension.js, built from src/extension.ts) is required once activate() has handed control back.
// VS Code still waits for the promise below before it runs a command or asks a view or file system for anything,
// so nothing can be used before it is registered.
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as vscode from 'vscode';
import type * as Workbench from './extension';

let workbench: typeof Workbench | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Workbench.TestApi | undefined> {
  await Promise.resolve(); // the rest runs after activate() has returned its promise
  workbench = createRequire(__filename)(path.join(__dirname, 'extension.js')) as typeof Workbench;
  return workbench.activate(context);
}

export function deactivate(): Promise<void> | undefined {
  return workbench?.deactivate();
}

// Every prompt a command shows (modals, QuickPicks, input boxes, file dialogs) goes through this small port.
// The product uses VS Code's own; Test mode may replace it (integration tests answer through it), so no command
// needs a `confirm`/`acknowledged` argument that only tests pass. UI tests answer the real prompts.
import * as vscode from 'vscode';

export interface UiPort {
  showWarningMessage: typeof vscode.window.showWarningMessage;
  showInformationMessage: typeof vscode.window.showInformationMessage;
  showErrorMessage: typeof vscode.window.showErrorMessage;
  showQuickPick: typeof vscode.window.showQuickPick;
  showInputBox: typeof vscode.window.showInputBox;
  showOpenDialog: typeof vscode.window.showOpenDialog;
  showSaveDialog: typeof vscode.window.showSaveDialog;
}

/** Calls vscode.window's function at call time (its overloads kept). */
const late = <K extends keyof UiPort>(name: K): UiPort[K] =>
  ((...args: unknown[]) => (vscode.window[name] as (...a: unknown[]) => unknown)(...args)) as UiPort[K];

/** VS Code's own prompts. */
export const vscodeUi: UiPort = {
  showWarningMessage: late('showWarningMessage'),
  showInformationMessage: late('showInformationMessage'),
  showErrorMessage: late('showErrorMessage'),
  showQuickPick: late('showQuickPick'),
  showInputBox: late('showInputBox'),
  showOpenDialog: late('showOpenDialog'),
  showSaveDialog: late('showSaveDialog'),
};

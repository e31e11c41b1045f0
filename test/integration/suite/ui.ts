// A scripted UI port for integration tests: prompts are answered by the first rule whose pattern matches the
// prompt's text (a message, or a QuickPick's/input box's title or placeholder), and every prompt is recorded. It
// replaces VS Code's prompts through the Test-mode API (setUi), so no command needs a test-only argument.
import type * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import { vscodeUi, type UiPort } from '../../../src/views/workbench/ui';

/** How to answer: a button's or item's label, `undefined` (dismissed), or a function of the offered items. */
export type Answer = string | undefined | ((offered: unknown[]) => unknown);

export interface ScriptedUi {
  /** Each prompt's text, in the order asked. */
  asked: string[];
  /** The whole port (VS Code's own for what is not scripted): for Services built by a test itself. */
  ui: UiPort;
  /** Puts VS Code's own prompts back. */
  restore(): void;
}

const labelOf = (item: unknown): string => (typeof item === 'string' ? item : String((item as { label?: unknown; title?: unknown })?.label ?? (item as { title?: unknown })?.title ?? ''));

/**
 * Answers prompts by `rules` ([pattern, answer], first match wins). A question no rule matches (a modal, a pick, an
 * input, a dialog) fails the command with an error naming it; a plain notification no rule matches is dismissed.
 */
export function scriptUi(api: TestApi | undefined, rules: [RegExp, Answer][]): ScriptedUi {
  const asked: string[] = [];
  const answer = (text: string, offered: unknown[], question = true): unknown => {
    asked.push(text);
    const rule = rules.find(([pattern]) => pattern.test(text));
    if (!rule && !question) return undefined;
    if (!rule) throw new Error(`unexpected prompt in a test: ${text}`);
    const [, given] = rule;
    if (typeof given === 'function') return given(offered);
    if (given === undefined) return undefined;
    const picked = offered.find((item) => labelOf(item) === given);
    if (picked === undefined && offered.length) throw new Error(`"${given}" is not offered by the prompt: ${text} (${offered.map(labelOf).join(', ')})`);
    return picked ?? given;
  };
  const message = async (text: string, ...rest: unknown[]) => {
    const modal = rest.some((r) => !!r && typeof r === 'object' && (r as vscode.MessageOptions).modal === true);
    const items = rest.filter((r) => typeof r === 'string' || (r && typeof r === 'object' && 'title' in r));
    return answer(text, items, modal);
  };
  const port: Partial<UiPort> = {
    showWarningMessage: message as UiPort['showWarningMessage'],
    showInformationMessage: message as UiPort['showInformationMessage'],
    showErrorMessage: message as UiPort['showErrorMessage'],
    showQuickPick: (async (items: unknown, options?: vscode.QuickPickOptions) => answer(options?.title ?? options?.placeHolder ?? '', [...((await items) as unknown[])])) as UiPort['showQuickPick'],
    showInputBox: (async (options?: vscode.InputBoxOptions) => answer(options?.title ?? options?.prompt ?? '', [])) as UiPort['showInputBox'],
    showOpenDialog: (async (options?: vscode.OpenDialogOptions) => answer(options?.title ?? '', [])) as UiPort['showOpenDialog'],
    showSaveDialog: (async (options?: vscode.SaveDialogOptions) => answer(options?.title ?? '', [])) as UiPort['showSaveDialog'],
  };
  api?.setUi(port);
  return { asked, ui: { ...vscodeUi, ...port }, restore: () => api?.setUi(undefined) };
}

// The lines of an editor selection as a log reference counts them (1-based, inclusive): a selection ending at the
// start of a line, as a whole-line selection does, stops at the line before.
import type * as vscode from 'vscode';

export function selectedLines(selection: vscode.Selection): { startLine: number; endLine: number } {
  const end = selection.end.line > selection.start.line && selection.end.character === 0 ? selection.end.line - 1 : selection.end.line;
  return { startLine: selection.start.line + 1, endLine: end + 1 };
}

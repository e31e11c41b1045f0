// The Issues view as data (Test-mode command trcaa.issues.testTree): every row, with one issue expanded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SerializedItem } from '../../../src/views/issues/testTree';

/** The row whose tree id `matches`, with issue `issueId` expanded (its folders and their rows); fails naming `what`. */
export async function treeRow(issueId: string, matches: (id: string) => boolean, what: string): Promise<SerializedItem> {
  const tree = await vscode.commands.executeCommand<{ groups: SerializedItem[] }>('trcaa.issues.testTree', { expand: [issueId] });
  const flatten = (items: SerializedItem[]): SerializedItem[] => items.flatMap((i) => [i, ...flatten(i.children ?? [])]);
  const row = flatten(tree.groups).find((i) => i.id !== undefined && matches(i.id));
  assert.ok(row, `${what} is in the tree`);
  return row;
}

/** One of the issue's folders (logs, images, whys, documents, timeline), with its rows. */
export const issueFolder = (issueId: string, folder: string) => treeRow(issueId, (id) => id === `issue:${issueId}:${folder}`, `the issue's ${folder} folder`);

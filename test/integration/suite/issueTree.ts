// The Issues view as data (the Test-mode API's issuesView): every row, with one issue expanded.
import * as assert from 'node:assert/strict';
import type { SerializedItem } from '../../../src/views/issues/testTree';
import { issuesView } from './testApi';

/** The row whose tree id `matches`, with issue `issueId` expanded (its folders and their rows); fails naming `what`. */
export async function treeRow(issueId: string, matches: (id: string) => boolean, what: string): Promise<SerializedItem> {
  const tree = await issuesView<{ groups: SerializedItem[] }>({ expand: [issueId] });
  const flatten = (items: SerializedItem[]): SerializedItem[] => items.flatMap((i) => [i, ...flatten(i.children ?? [])]);
  const row = flatten(tree.groups).find((i) => i.id !== undefined && matches(i.id));
  assert.ok(row, `${what} is in the tree`);
  return row;
}

/** One of the issue's folders (logs, images, whys, documents, timeline), with its rows. */
export const issueFolder = (issueId: string, folder: string) => treeRow(issueId, (id) => id === `issue:${issueId}:${folder}`, `the issue's ${folder} folder`);

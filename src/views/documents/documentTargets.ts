// What a document command acts on, from its argument (zod-parsed so tests can pass plain objects): a tree row (read
// by the one resolver, workbench/targets.ts), an id, or { issueId } / { docId, filePath? }; else the
// active document editor or a pick.
import * as vscode from 'vscode';
import { z } from 'zod';
import { parseDocumentUri } from './documentUri';
import { targetOfNode } from '../workbench/targets';
import { TreeNode } from '../workbench/treeNodes';

const id = z.string().min(1).max(100);

export const issueArgs = z.union([id, z.strictObject({ issueId: id })]);
export const documentArgs = z.union([
  id,
  z.strictObject({
    docId: id,
    /** Export only: the file to write (else a save dialog). */
    filePath: z.string().min(1).max(4096).optional(),
  }),
]);

/** The issue of an issue node, any of its folders, a document leaf, an id or { issueId }; undefined: none given. */
export function issueIdFrom(arg: unknown): string | undefined {
  if (arg instanceof TreeNode) return targetOfNode(arg, 'issue', 'Generate').id;
  if (arg === undefined || arg === null) return undefined;
  const parsed = issueArgs.parse(arg);
  return typeof parsed === 'string' ? parsed : parsed.issueId;
}

export interface DocumentTarget {
  docId: string;
  filePath?: string;
}

/** The document of a leaf, an id, { docId, … }, or else the active TRCAA document editor. */
export function documentTarget(arg: unknown, what: string): DocumentTarget {
  if (arg instanceof TreeNode) return { docId: targetOfNode(arg, 'document', what).id };
  if (arg instanceof vscode.Uri) return fromUri(arg, what);
  if (arg !== undefined && arg !== null) {
    const parsed = documentArgs.parse(arg);
    return typeof parsed === 'string' ? { docId: parsed } : parsed;
  }
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return fromUri(uri, what);
}

function fromUri(uri: vscode.Uri | undefined, what: string): DocumentTarget {
  const ref = uri ? parseDocumentUri(uri) : undefined;
  if (!ref) throw new Error(`${what} needs a document: run it on a document in the Issues view or in an open TRCAA document.`);
  return { docId: ref.docId };
}

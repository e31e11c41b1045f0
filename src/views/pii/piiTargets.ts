// What a PII command acts on, from its argument (zod-parsed): a tree node or log id, `{logId, …}` from hovers,
// quick fixes and tests, or else the active editor (a stored log or its redacted view) and its selection.
import * as vscode from 'vscode';
import { z } from 'zod';
import { attachmentIdFrom } from '../attachments';
import { LOG_SCHEME } from '../attachments';
import { redactedLogId } from './redactedUri';
import type { PiiReviewState } from './reviewState';

const id = z.string().min(1).max(100);

export const spanArgs = z.strictObject({ logId: id.optional(), spanIds: z.array(id).min(1).max(100_000) });
export const typeArgs = z.strictObject({ logId: id, piiType: z.string().min(1).max(200) });
export const selectionArgs = z.strictObject({ logId: id, start: z.number().int().nonnegative(), end: z.number().int().positive() });
export const egressArgs = z.strictObject({
  logId: id,
  /** Export only: the file to write (else a save dialog). */
  filePath: z.string().min(1).max(4096).optional(),
});

/** The log a command means: the argument's, else the active editor's (stored log or redacted view). */
export function logIdFrom(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return logIdOfUri(arg);
  if (arg && typeof arg === 'object' && 'logId' in arg) return id.safeParse((arg as { logId: unknown }).logId).data;
  const given = attachmentIdFrom(arg, 'log');
  if (given) return given;
  const document = vscode.window.activeTextEditor?.document;
  return document ? logIdOfUri(document.uri) : undefined;
}

/** The log of a stored-log or redacted-view URI (editor title menus pass the URI). */
function logIdOfUri(uri: vscode.Uri): string | undefined {
  if (uri.scheme === LOG_SCHEME) return id.safeParse(new URLSearchParams(uri.query).get('id')).data;
  return redactedLogId(uri);
}

export function requireLogId(arg: unknown, what: string): string {
  const logId = logIdFrom(arg);
  if (!logId) throw new Error(`${what} needs a log: run it on a log in the TRCAA views or in an opened stored log.`);
  return logId;
}

/** The spans a span command means: `{spanIds}`, else those under the active editor's selection or caret. */
export async function spanTargets(state: PiiReviewState, arg: unknown): Promise<{ logId?: string; spanIds: string[] }> {
  if (arg !== undefined && !(arg instanceof vscode.Uri)) return spanArgs.parse(arg);
  const editor = vscode.window.activeTextEditor;
  const found = editor ? await state.spansAt(editor.document, editor.selection) : undefined;
  if (!found?.spans.length) throw new Error('Put the cursor on a highlighted PII span of a stored log first.');
  return { logId: found.logId, spanIds: found.spans.map((s) => s.id) };
}

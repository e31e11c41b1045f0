// The document editor's one message protocol, both ways. The host validates every message from the webview with
// these schemas (a webview is untrusted input); the webview imports the types only.
import { z } from 'zod';

/** Webview → host. */
export const webviewMessageSchema = z.discriminatedUnion('type', [
  /** The front end is loaded and listening: the host answers with a full `update`. */
  z.object({ type: z.literal('ready') }).strict(),
  /** The whole Markdown source after the user typed (debounced in the webview). */
  z.object({ type: z.literal('edit'), text: z.string() }).strict(),
  /** A click on a log-line reference (`log:<id>#L10-L20`) in the preview: open the stored log at those lines. */
  z.object({ type: z.literal('openLog'), logFileId: z.string().min(1).max(100), startLine: z.number().int().min(1), endLine: z.number().int().min(1) }).strict(),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/** Host → webview. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  /** The document's text changed outside the webview (first load, undo, revert, another editor): replace both panes. */
  z.object({ type: z.literal('update'), text: z.string(), html: z.string() }).strict(),
  /** The webview's own edit was applied: refresh the preview only, so typing is never overwritten. */
  z.object({ type: z.literal('preview'), html: z.string() }).strict(),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** The tiny state the webview keeps across reloads (vscode.setState). */
export interface DocumentViewState {
  sourceScrollTop: number;
  previewScrollTop: number;
}

// The document preview's messages, both ways (carried by the shared webview channel, src/webview/host). The host
// validates every message from the page with these schemas (a webview is untrusted input); the page imports types.
import { z } from 'zod';

const line = z.number().int().min(0).max(10_000_000);

/** Page → host (besides the channel's `ready`, answered with the rendered preview). */
export const previewMessageSchema = z.discriminatedUnion('type', [
  /** A click on a log-line reference (`log:<id>#L10-L20`) in the preview: open the stored log at those lines. */
  z.strictObject({ type: z.literal('openLog'), logFileId: z.string().min(1).max(100), startLine: z.number().int().min(1), endLine: z.number().int().min(1) }),
  /** The person scrolled the preview: the source line now at its top (0-based), for the text editor to follow. */
  z.strictObject({ type: z.literal('scrolled'), line }),
]);
export type PreviewMessage = z.infer<typeof previewMessageSchema>;

/** Host → page. */
export type PreviewHostMessage =
  /** The document's rendered Markdown; block elements carry `data-line` (their first source line, 0-based). */
  | { type: 'preview'; html: string }
  /** The text editor scrolled: bring the element of this source line to the top. */
  | { type: 'scrollTo'; line: number };

/** The tiny state the page keeps across reloads (vscode.setState). */
export interface PreviewViewState {
  line: number;
}

// trcaa-redacted: — a log's redacted text as a read-only virtual document, streamed from the worker (every span
// not kept is replaced). Local reading: nothing leaves the machine, so no egress audit. It follows the review:
// a decision changed on the log re-renders an open redacted view.
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { EXCERPT_BYTES } from '../attachments';
import type { PiiReviewState } from './reviewState';
import { redactedLogId } from './redactedUri';

export class RedactedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly listening: vscode.Disposable;

  constructor(
    private readonly services: Services,
    state: PiiReviewState,
  ) {
    this.listening = state.onDidChange((logId) => {
      for (const document of vscode.workspace.textDocuments) if (redactedLogId(document.uri) === logId) this.changed.fire(document.uri);
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const logId = redactedLogId(uri);
    if (!logId) throw new Error(`Not a redacted log: ${uri.toString()}`);
    return readRedactedText(this.services, logId, EXCERPT_BYTES);
  }

  dispose(): void {
    this.listening.dispose();
    this.changed.dispose();
  }
}

/** The redacted text, streamed; past `limit` code units it stops with a note at the top. */
export async function readRedactedText(services: Services, logId: string, limit = Infinity): Promise<string> {
  const store = await services.store();
  const { handle } = await store.logFiles.openRedacted(logId);
  const parts: string[] = [];
  let length = 0;
  let cut = false;
  try {
    for (let piece = await store.logFiles.readRedacted(handle); piece !== null; piece = await store.logFiles.readRedacted(handle)) {
      if (length + piece.length > limit) {
        parts.push(piece.slice(0, limit - length));
        cut = true;
        break;
      }
      parts.push(piece);
      length += piece.length;
    }
  } finally {
    await store.logFiles.closeContent(handle).catch(() => false);
  }
  const text = parts.join('');
  return cut ? `[TRCAA: the redacted log is longer than VS Code can show; this is its beginning only. Use Export Redacted Log… for all of it.]\n\n${text}` : text;
}

// Drag files from the Explorer (or the OS) onto an issue in the issues tree: a text/uri-list drop attaches them
// (images as images, after one PII acknowledgement for the drop).
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import type { AttachSummary } from './attachLog';
import { issueIdFrom } from './attachCommon';

const URI_LIST = 'text/uri-list';

/** The file paths of a text/uri-list (RFC 2483: one URI a line, `#` comments). */
export function filesFromUriList(list: string): string[] {
  return list
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => vscode.Uri.parse(line, true))
    .filter((uri) => uri.scheme === 'file')
    .map((uri) => uri.fsPath);
}

export interface IssueDropController<T> extends vscode.TreeDragAndDropController<T> {
  handleDrop(target: T | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void>;
  /** What handleDrop does, with the outcome of each file (tests and callers that want it); images ask once for the drop. */
  attachDropped(target: T | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<AttachSummary | undefined>;
}

/**
 * The controller for the issues tree (`createTreeView(…, {dragAndDropController})`). Drops on anything that is
 * not an issue node are ignored; `onAttached` runs after files were attached (the tree refreshes that issue).
 */
export function createIssueDropController<T>(services: Services, onAttached?: (issueId: string) => void): IssueDropController<T> {
  return {
    dropMimeTypes: [URI_LIST],
    dragMimeTypes: [],
    async handleDrop(target, dataTransfer, token) {
      await this.attachDropped(target, dataTransfer, token);
    },
    async attachDropped(target, dataTransfer, token) {
      const issueId = issueIdFrom(target);
      const item = dataTransfer.get(URI_LIST);
      if (!issueId || !item || token.isCancellationRequested) return undefined;
      const files = filesFromUriList(await item.asString());
      if (!files.length) return undefined;
      // Logs and images alike: attachFiles sends image bytes through the image path.
      const { attachFiles } = await import('./attachLog'); // the attach code loads on first use, not at activation
      const summary = await attachFiles(services, issueId, files);
      if ([...summary.outcomes, ...summary.images].some((o) => o.status === 'attached')) onAttached?.(issueId);
      return summary;
    },
  };
}

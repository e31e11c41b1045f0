// Generate RCA / Generate Post-mortem: a new document (a new version every time, so nothing edited is lost) from
// the issue's data, shown in its Documents folder and opened in the document editor.
import * as vscode from 'vscode';
import type { DocType } from '../../core/model/document';
import type { Services } from '../workbench/services';
import { pickIssues } from '../issues';
import { issueIdFrom } from './documentTargets';

const KIND_NAMES: Record<DocType, string> = { rca: 'RCA', postmortem: 'Post-mortem' };

export async function generateDocument(services: Services, kind: DocType, arg: unknown) {
  const issueId = issueIdFrom(arg) ?? (await pickIssues(services, `TRCAA: Generate ${KIND_NAMES[kind]} for…`, false))?.[0];
  if (!issueId) return undefined;
  const store = await services.store();
  const { document, event } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: generating the ${KIND_NAMES[kind]}` }, () =>
    store.documents.generate(issueId, kind),
  );
  services.log.info(`[documents] generated ${kind} ${document.id} for issue ${issueId} (event ${event.id})`);
  await vscode.commands.executeCommand('trcaa.openDocument', document.id);
  return { docId: document.id, issueId, title: document.title, eventId: event.id };
}

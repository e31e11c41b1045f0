// Attach MCP Resource to Issue…: the resource's text, read from its server, becomes a log of the incident through
// the normal in-memory attach path (LogFileRepository.insertContent: SHA-256, gzip, the PII scan in the same
// transaction, the timeline and the audit) — so it is reviewed like any log before anything of it leaves.
import * as vscode from 'vscode';
import type { InsertLogResult } from '../../core/model/logFile';
import { logNameOf } from '../../core/mcp/resourceLogName';
import { countsText } from '../attachments';
import { piiDetectorOptions, warnPatternProblems } from '../pii';
import type { Services } from '../workbench/services';
import { resolveTarget } from '../workbench/targets';
import type { McpConnections } from './mcpConnections';
import type { McpRow } from './mcpServersView';

const TITLE = 'TRCAA: Attach MCP Resource to Issue';

/** `{serverId, uri, issueId?}` (tests, other extensions) or a resource row of the MCP Servers view. */
function resourceOf(arg: unknown): { serverId: string; uri: string; name?: string; mimeType?: string; issueId?: string } {
  const row = arg as McpRow | undefined;
  if (row?.kind === 'resource') return { serverId: row.server.id, uri: row.resource.uri, name: row.resource.name ?? undefined, mimeType: row.resource.mimeType ?? undefined };
  const plain = arg as { serverId?: unknown; uri?: unknown; issueId?: unknown } | undefined;
  if (typeof plain?.serverId === 'string' && typeof plain.uri === 'string') return { serverId: plain.serverId, uri: plain.uri, ...(typeof plain.issueId === 'string' ? { issueId: plain.issueId } : {}) };
  throw new Error('Attach MCP Resource works on a resource: expand a connected server in the MCP Servers view and right-click one of its resources.');
}

export async function attachResource(services: Services, connections: McpConnections, arg: unknown): Promise<InsertLogResult | undefined> {
  const resource = resourceOf(arg);
  const issueId = resource.issueId ?? (await resolveTarget(services, [], { kind: 'issue', title: TITLE }))?.id;
  if (!issueId) return undefined;
  const store = await services.store();
  const server = await store.mcp.get(resource.serverId);
  if (!server) throw new Error('That MCP server no longer exists: it was removed.');
  const read = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: reading ${resource.uri} from ${server.name}`, cancellable: true }, (_, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort(new Error('Cancelled: nothing was attached.')));
    return connections.readResource(server.id, resource.uri, abort.signal);
  });
  const fileName = logNameOf(resource.uri, resource.name, resource.mimeType ?? read.mimeType);
  const result = await store.logFiles.insertContent(issueId, new TextEncoder().encode(read.text), { fileName, workspacePath: resource.uri }, { pii: piiDetectorOptions(services) });
  services.log.info(`[mcp] resource attached as a log: ${fileName} from "${server.name}"${result.duplicate ? ' (already attached)' : ''}`);
  warnPatternProblems(services, result.pii?.problems);
  const found = countsText(result.pii?.countsByType ?? {});
  if (result.duplicate) void services.ui.showInformationMessage(`TRCAA: ${fileName} is already attached to this issue (same content): not stored again.`);
  else if (found) {
    void Promise.resolve(services.ui.showInformationMessage(`TRCAA: Attached ${fileName} from ${server.name}: found ${found} — review it before sharing.`, 'Review PII')).then((action) => {
      if (action === 'Review PII') void vscode.commands.executeCommand('trcaa.pii.reviewLog', result.logFile.id);
    });
  } else void services.ui.showInformationMessage(`TRCAA: Attached ${fileName} from ${server.name}.`);
  return result;
}

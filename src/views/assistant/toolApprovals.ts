// "Always for this tool", taken back: the tools allowed always, picked from a list; the chat asks again for those.
import type { Services } from '../workbench/services';

/** Returns the tools revoked ("server/tool"), or undefined when cancelled or there were none. */
export async function revokeToolApprovals(services: Services): Promise<string[] | undefined> {
  const store = await services.store();
  const allowed = await store.aiToolCalls.alwaysAllowed();
  if (!allowed.length) {
    void services.ui.showInformationMessage('TRCAA: No MCP tool is allowed always: the chat asks before each call (read-only tools excepted).');
    return undefined;
  }
  const picked = await services.ui.showQuickPick(
    allowed.map((a) => ({ label: a.tool, description: a.serverName, detail: `Allowed always since ${a.createdAt}`, approval: a })),
    { title: 'Revoke Always-Allowed MCP Tools', placeHolder: 'The chat will ask again before calling the tools you pick', canPickMany: true },
  );
  if (!picked?.length) return undefined;
  for (const { approval } of picked) await store.aiToolCalls.revokeAlways(approval.serverId, approval.tool);
  const names = picked.map(({ approval }) => `${approval.serverName}/${approval.tool}`);
  void services.ui.showInformationMessage(`TRCAA: The chat will ask again before calling ${names.join(', ')}.`);
  return names;
}

// Import from VS Code's MCP configuration: the workspace's `.vscode/mcp.json`, or the user's (their mcp.json and
// the older `mcp` setting). Inputs are asked first (masked when declared password); then one modal lists exactly
// what will run — for a workspace file, commands from the repository — and nothing is stored or started unless
// the user agrees. Imported servers are discovered at once. A name already registered is left as it is.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { importCandidates, parseMcpJson, type ImportCandidate, type ImportSkip, type McpJson } from '../../core/mcp/mcpJson';
import type { McpServer } from '../../core/model/mcp';
import type { Services } from '../workbench/services';
import type { McpConnections } from './mcpConnections';

export interface ImportSummary {
  source: string;
  imported: McpServer[];
  skipped: ImportSkip[];
}

export const RUN_WORKSPACE_COMMANDS = 'Import and Run';
export const IMPORT_USER = 'Import and Discover';

/** The workspace folders' `.vscode/mcp.json` files that exist, merged (a name in an earlier folder wins). */
async function workspaceConfig(): Promise<{ config: McpJson; source: string; folder: string | undefined } | undefined> {
  const merged: McpJson = { servers: {}, inputs: [] };
  const sources: string[] = [];
  let first: string | undefined;
  for (const folder of (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file')) {
    const file = path.join(folder.uri.fsPath, '.vscode', 'mcp.json');
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new Error(`${file} could not be read: ${error.message}`);
    });
    if (text === undefined) continue;
    const config = parseMcpJson(text, vscode.workspace.asRelativePath(file));
    first ??= folder.uri.fsPath;
    sources.push(vscode.workspace.asRelativePath(file));
    merged.servers = { ...config.servers, ...merged.servers };
    merged.inputs = [...(merged.inputs ?? []), ...(config.inputs ?? [])];
  }
  return sources.length ? { config: merged, source: sources.join(', '), folder: first } : undefined;
}

/** The user's mcp.json (next to settings.json) and the `mcp` user setting. */
async function userConfig(services: Services): Promise<{ config: McpJson; source: string } | undefined> {
  // globalStorageUri is <user dir>/globalStorage/<extension id>: the profile's mcp.json sits in <user dir>.
  const file = path.join(path.dirname(path.dirname(services.context.globalStorageUri.fsPath)), 'mcp.json');
  const merged: McpJson = { servers: {}, inputs: [] };
  const sources: string[] = [];
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const config = parseMcpJson(text, file);
    merged.servers = { ...config.servers };
    merged.inputs = [...(config.inputs ?? [])];
    sources.push(file);
  }
  const setting = vscode.workspace.getConfiguration().inspect<unknown>('mcp')?.globalValue;
  if (setting && typeof setting === 'object') {
    const config = parseMcpJson(JSON.stringify(setting), 'the "mcp" user setting');
    merged.servers = { ...config.servers, ...merged.servers };
    merged.inputs = [...(merged.inputs ?? []), ...(config.inputs ?? [])];
    sources.push('the "mcp" user setting');
  }
  return sources.length ? { config: merged, source: sources.join(' and ') } : undefined;
}

export async function importServers(services: Services, connections: McpConnections, from: 'workspace' | 'user'): Promise<ImportSummary | undefined> {
  const found = from === 'workspace' ? await workspaceConfig() : await userConfig(services);
  if (!found) {
    void services.ui.showInformationMessage(from === 'workspace' ? 'TRCAA: No .vscode/mcp.json in this workspace.' : 'TRCAA: No MCP servers in your VS Code configuration (mcp.json or the "mcp" setting).');
    return undefined;
  }
  const store = await services.store();
  const existing = new Set((await store.mcp.list()).map((s) => s.name));
  const already = Object.keys(found.config.servers ?? {}).filter((name) => existing.has(name));
  const config: McpJson = { ...found.config, servers: Object.fromEntries(Object.entries(found.config.servers ?? {}).filter(([name]) => !existing.has(name))) };
  const { candidates, skipped } = await importCandidates(config, {
    workspaceFolder: 'folder' in found ? (found.folder as string | undefined) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    userHome: os.homedir(),
    ask: async (input) => services.ui.showInputBox({ title: `TRCAA: MCP input "${input.id}" (${found.source})`, prompt: input.description ?? input.id, password: input.password === true, ignoreFocusOut: true }),
  });
  skipped.push(...already.map((name) => ({ name, reason: 'a server of that name is already registered' })));
  if (!candidates.length) {
    void services.ui.showWarningMessage(`TRCAA: Nothing to import from ${found.source}.${skipped.length ? ` Skipped: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.` : ''}`);
    return { source: found.source, imported: [], skipped };
  }
  const commands = candidates.filter((c) => c.commandLine);
  if (from === 'workspace' && commands.length && !vscode.workspace.isTrusted) {
    throw new Error(`${found.source} would run commands from this workspace, which is not trusted. Trust the workspace (Manage Workspace Trust) to import it.`);
  }
  if (!(await confirm(services, from, found.source, candidates, skipped))) return undefined;

  const imported: McpServer[] = [];
  for (const candidate of candidates) imported.push(await store.mcp.create(candidate.server));
  services.log.info(`[mcp] imported ${imported.length} server(s) from ${from === 'workspace' ? 'the workspace' : 'the user configuration'}: ${imported.map((s) => s.name).join(', ')}`);
  const discovered = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: discovering ${imported.length} MCP server(s)` }, () =>
    Promise.all(imported.map((server) => connections.discover(server.id))),
  );
  const problems = discovered.filter((s) => s.discoveryStatus !== 'connected');
  const text = `TRCAA: Imported ${discovered.length} MCP server(s) from ${found.source}.${problems.length ? ` Not connected: ${problems.map((s) => `${s.name} (${s.discoveryStatus})`).join(', ')}.` : ''}${skipped.length ? ` Skipped: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.` : ''}`;
  void (problems.length ? services.ui.showWarningMessage(text) : services.ui.showInformationMessage(text));
  return { source: found.source, imported: discovered, skipped };
}

/** One modal with exactly what will run and where it connects. */
async function confirm(services: Services, from: 'workspace' | 'user', source: string, candidates: ImportCandidate[], skipped: ImportSkip[]): Promise<boolean> {
  const run = candidates.filter((c) => c.commandLine).map((c) => `• ${c.server.name}: ${c.commandLine}`);
  const reach = candidates.filter((c) => !c.commandLine).map((c) => `• ${c.server.name}: ${c.server.url}`);
  const lines: string[] = [];
  if (run.length) lines.push(from === 'workspace' ? 'These commands come from the repository and will run on this machine, with your permissions:' : 'These commands will run on this machine:', ...run);
  if (reach.length) lines.push('These URLs will be contacted:', ...reach);
  if (skipped.length) lines.push('Skipped:', ...skipped.map((s) => `• ${s.name}: ${s.reason}`));
  if (from === 'workspace' && run.length) lines.push('Import only if you trust this repository.');
  const button = from === 'workspace' && run.length ? RUN_WORKSPACE_COMMANDS : IMPORT_USER;
  const answer = await services.ui.showWarningMessage(`Import ${candidates.length} MCP server(s) from ${source} and discover them now?`, { modal: true, detail: lines.join('\n') }, button);
  return answer === button;
}

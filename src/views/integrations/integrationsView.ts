// The Integrations view: Confluence, ServiceNow and Azure DevOps with what is configured for each (base URL, space
// or project, whether a token is saved, auto-create), refreshed from the change channel. Light on purpose (it is
// drawn at activation): it reads the store and draws rows, the commands behind its menus load on first use.
import * as vscode from 'vscode';
import type { ChangeEvent } from '../workbench/changeChannel';
import { touches } from '../workbench/changeChannel';
import { CONTEXT } from '../workbench/contextValues';
import type { Services } from '../workbench/services';

const SERVICES = [
  { service: 'confluence', label: 'Confluence', icon: 'book' },
  { service: 'servicenow', label: 'ServiceNow', icon: 'issues' },
  { service: 'azuredevops', label: 'Azure DevOps', icon: 'azure-devops' },
] as const;

export type ServiceRow = (typeof SERVICES)[number] & { state: string; configured: boolean };

export class IntegrationsView implements vscode.TreeDataProvider<ServiceRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: Services) {
    this.subscription = services.changes.onDidChange((event: ChangeEvent) => {
      if (event.external || touches(event, 'credential')) this.changed.fire(undefined);
    });
  }

  async getChildren(): Promise<ServiceRow[]> {
    const store = await this.services.store();
    const [configs, tokens] = await Promise.all([store.credentials.configs(), store.credentials.list()]);
    return SERVICES.map((row) => {
      const config = configs.find((c) => c.service === row.service);
      const token = tokens.some((t) => t.service === row.service);
      if (!config) return { ...row, configured: false, state: 'not configured' };
      const where = config.spaceKey ?? config.projectName ?? '';
      const parts = [hostOf(config.baseUrl) + (where ? ` · ${where}` : ''), token ? '' : 'no token', config.autoCreateEnabled ? 'auto-create' : ''].filter(Boolean);
      return { ...row, configured: token, state: parts.join(' · ') };
    });
  }

  getTreeItem(row: ServiceRow): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `integration:${row.service}`;
    item.description = row.state;
    item.iconPath = new vscode.ThemeIcon(row.configured ? 'pass' : 'circle-large-outline', row.configured ? new vscode.ThemeColor('testing.iconPassed') : undefined);
    item.tooltip = `${row.label}: ${row.state}`;
    item.contextValue = row.configured ? CONTEXT.integration.configured : CONTEXT.integration.missing;
    item.command = { title: 'Configure', command: 'trcaa.integrations.configure', arguments: [row.service] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

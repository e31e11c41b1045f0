// The integrations, loaded on first use (contributeIntegrations.ts): configuration, Test Connection, and the sends
// (sendFlows.ts), each from a menu, the palette or the automatic flows (autoFlows.ts).
import * as vscode from 'vscode';
import { checkAzureDevOps } from '../../core/integrations/azureDevOps';
import { checkConfluence } from '../../core/integrations/confluence';
import { SERVICE_NAMES } from '../../core/integrations/errors';
import { checkServiceNow } from '../../core/integrations/serviceNow';
import type { IntegrationService } from '../../core/model/credential';
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { resolveTarget } from '../workbench/targets';
import { LeafNode } from '../workbench/treeNodes';
import type { IntegrationCommand } from './commandIds';
import { configureIntegration, pickService } from './configure';
import { connectionFor } from './connection';
import { publishToConfluence, resolveInServiceNow, sendToAzureDevOps, sendToServiceNow } from './sendFlows';

export interface IntegrationsWorkbench extends LoadedFeature<IntegrationCommand> {
  resolveInServiceNow(issueId: string): ReturnType<typeof resolveInServiceNow>;
  sendToServiceNow(issueId: string): ReturnType<typeof sendToServiceNow>;
  sendToAzureDevOps(issueId: string): ReturnType<typeof sendToAzureDevOps>;
}

/** Test Connection: one cheap authenticated read per service. */
async function testConnection(services: Services, arg: unknown): Promise<string | undefined> {
  const service = await pickService(services, arg, 'TRCAA: Test Integration Connection');
  if (!service) return undefined;
  const { connection, spaceKey, projectName } = await connectionFor(services, service);
  const checks: Record<IntegrationService, () => Promise<string>> = {
    confluence: () => checkConfluence(connection, spaceKey ?? ''),
    servicenow: () => checkServiceNow(connection),
    azuredevops: () => checkAzureDevOps(connection, projectName),
  };
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: testing the ${SERVICE_NAMES[service]} connection` }, checks[service]);
  void services.ui.showInformationMessage(`TRCAA: ${result}`);
  return result;
}

export function loadIntegrations(services: Services): IntegrationsWorkbench {
  const issueOf = async (arg: unknown, title: string) => (await resolveTarget(services, arg === undefined ? [] : [arg], { kind: 'issue', title }))?.id;
  const commands: CommandTable<IntegrationCommand> = {
    'trcaa.integrations.configure': (arg) => configureIntegration(services, arg),
    'trcaa.integrations.testConnection': (arg) => testConnection(services, arg),
    'trcaa.integrations.publishToConfluence': async (arg) => {
      const target = await resolveTarget(services, arg === undefined ? [] : [arg], { kind: 'document', title: 'TRCAA: Publish to Confluence' });
      if (!target) throw new Error('Publish to Confluence works on a document: right-click an RCA or post-mortem in the Issues view.');
      return publishToConfluence(services, target.id);
    },
    'trcaa.integrations.sendToServiceNow': async (arg) => {
      const issueId = await issueOf(arg, 'TRCAA: Create / Update ServiceNow Incident');
      return issueId ? sendToServiceNow(services, issueId) : undefined;
    },
    'trcaa.integrations.createWorkItem': async (arg, options) => {
      const issueId = await issueOf(arg, 'TRCAA: Create Azure DevOps Work Item');
      if (!issueId) return undefined;
      const asked = (options as { withTasks?: boolean } | undefined)?.withTasks;
      const withTasks = asked ?? (await services.ui.showQuickPick([{ label: 'The work item alone', value: false }, { label: 'With the RCA’s corrective actions as child tasks', value: true }], { title: 'TRCAA: Create Azure DevOps Work Item' }))?.value;
      if (withTasks === undefined) return undefined;
      return sendToAzureDevOps(services, issueId, { withTasks });
    },
    'trcaa.integrations.openLink': async (arg) => {
      // A row under Shared (its entity is the link), or a link id from a test.
      const [linkId, issueId] = arg instanceof LeafNode ? [arg.entityId, arg.issueId] : [(arg as { linkId?: string })?.linkId, (arg as { issueId?: string })?.issueId];
      const link = linkId && issueId ? (await (await services.store()).integrations.links(issueId)).find((l) => l.id === linkId) : undefined;
      if (!link) throw new Error('Open in Browser needs an external item: a row under Shared of an incident.');
      await vscode.env.openExternal(vscode.Uri.parse(link.url));
      return link.url;
    },
  };
  return {
    commands,
    disposables: [],
    resolveInServiceNow: (issueId) => resolveInServiceNow(services, issueId),
    sendToServiceNow: (issueId) => sendToServiceNow(services, issueId),
    sendToAzureDevOps: (issueId) => sendToAzureDevOps(services, issueId),
  };
}

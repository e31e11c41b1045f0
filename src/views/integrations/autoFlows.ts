// What happens without a command: a new incident creates its ServiceNow incident / Azure DevOps work item when the
// service has auto_create_enabled (after a moment to cancel, shown as a notification), and resolving an incident
// that has a ServiceNow record offers to resolve it there too. Listens from activation, light: the flows themselves
// load with the feature, only when there is something to send.
import * as vscode from 'vscode';
import type { ChangeEvent } from '../workbench/changeChannel';
import type { Services } from '../workbench/services';
import type { IntegrationsFeature } from './contributeIntegrations';

/** The moment to cancel an automatic creation, in seconds (trcaa.integrations.autoCreateDelaySeconds). */
const delaySeconds = () => Math.max(0, Math.min(60, vscode.workspace.getConfiguration('trcaa.integrations').get<number>('autoCreateDelaySeconds') ?? 10));

export function watchIncidents(services: Services, feature: IntegrationsFeature): vscode.Disposable {
  const offered = new Set<string>();
  return services.changes.onDidChange((event: ChangeEvent) => {
    if (event.external) return; // another window's incident: that window does it
    for (const change of event.changes) {
      if (change.entity !== 'issue') continue;
      for (const issueId of change.ids) {
        if (change.kind === 'created') void autoCreate(services, feature, issueId).catch((error: unknown) => report(services, error));
        if (change.kind === 'updated' && !offered.has(issueId)) void offerResolve(services, feature, issueId, offered).catch((error: unknown) => report(services, error));
      }
    }
  });
}

async function autoCreate(services: Services, feature: IntegrationsFeature, issueId: string): Promise<void> {
  const store = await services.store();
  const auto = (await store.credentials.configs()).filter((c) => c.autoCreateEnabled && (c.service === 'servicenow' || c.service === 'azuredevops'));
  if (!auto.length) return;
  const issue = await store.issues.get(issueId);
  if (!issue) return;
  const names = auto.map((c) => (c.service === 'servicenow' ? 'the ServiceNow incident' : 'the Azure DevOps work item')).join(' and ');
  const seconds = delaySeconds();
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `TRCAA: creating ${names} for “${issue.title}”`, cancellable: true },
    (progress, token) =>
      new Promise<boolean>((resolve) => {
        if (seconds === 0) return resolve(false);
        progress.report({ message: `in ${seconds} s (Cancel to keep it in TRCAA only)` });
        const timer = setTimeout(() => resolve(false), seconds * 1000);
        token.onCancellationRequested(() => {
          clearTimeout(timer);
          resolve(true);
        });
      }),
  );
  if (cancelled) {
    services.log.info(`[integrations] automatic creation for incident ${issueId} cancelled`);
    return;
  }
  const flows = await feature.get();
  for (const config of auto) {
    if (config.service === 'servicenow') await flows.sendToServiceNow(issueId);
    else await flows.sendToAzureDevOps(issueId);
  }
}

async function offerResolve(services: Services, feature: IntegrationsFeature, issueId: string, offered: Set<string>): Promise<void> {
  const store = await services.store();
  const issue = await store.issues.get(issueId);
  if (issue?.status !== 'resolved') return;
  const record = (await store.integrations.links(issueId)).find((l) => l.service === 'servicenow' && l.kind === 'incident');
  if (!record) return;
  offered.add(issueId);
  const resolve = 'Resolve in ServiceNow';
  const choice = await services.ui.showInformationMessage(`TRCAA: “${issue.title}” is resolved. Resolve ServiceNow ${record.externalKey ?? record.externalId} too, with the root cause as close notes?`, resolve);
  if (choice === resolve) await (await feature.get()).resolveInServiceNow(issueId);
}

function report(services: Services, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  services.log.warn(`[integrations] ${message}`);
  void services.ui.showErrorMessage(`TRCAA: ${message}`);
}

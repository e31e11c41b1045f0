// What the integrations register at activation: the Integrations view (light: it only reads the store), the
// commands, and the watch for new and resolved incidents (autoFlows.ts); the clients and the flows load on first use.
import * as vscode from 'vscode';
import { LazyFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { INTEGRATION_COMMANDS, type IntegrationCommand } from './commandIds';
import { IntegrationsView } from './integrationsView';
import { watchIncidents } from './autoFlows';
import type { IntegrationsWorkbench } from './loadIntegrations';

export type IntegrationsFeature = LazyFeature<IntegrationCommand, IntegrationsWorkbench>;

export function contributeIntegrations(services: Services): { feature: IntegrationsFeature; view: IntegrationsView; disposables: vscode.Disposable[] } {
  const feature = new LazyFeature<IntegrationCommand, IntegrationsWorkbench>('integrations', services, async () => (await import('./loadIntegrations')).loadIntegrations(services));
  const view = new IntegrationsView(services);
  return {
    feature,
    view,
    disposables: [feature, view, vscode.window.registerTreeDataProvider('trcaa.integrations', view), ...feature.registerCommands(INTEGRATION_COMMANDS), watchIncidents(services, feature)],
  };
}
